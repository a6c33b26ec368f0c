using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Infrastructure.Webex;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>Every request the service sends to Webex, as it left the client (each attempt, after the resilience
/// pipeline): what Webex was asked, independent of what the simulator chooses to keep.</summary>
public sealed class WebexTraffic
{
    private readonly ConcurrentQueue<WebexRequest> _requests = new();

    public IReadOnlyList<WebexRequest> Requests => _requests.ToArray();

    /// <summary>Adds the recorder to the service's Webex HTTP client.</summary>
    public void Record(IServiceCollection services) =>
        services.AddHttpClient<WebexClient>().AddHttpMessageHandler(() => new Recorder(this));

    /// <summary>The requests that change something at Webex (meetings and their invitees).</summary>
    public IReadOnlyList<WebexRequest> Writes => Requests
        .Where(r => r.Method != "GET" && (r.Path.StartsWith("/v1/meetings", StringComparison.Ordinal) || r.Path.StartsWith("/v1/meetingInvitees", StringComparison.Ordinal)))
        .ToArray();

    private sealed class Recorder(WebexTraffic traffic) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            traffic._requests.Enqueue(new WebexRequest(request.Method.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query, body));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

public sealed record WebexRequest(string Method, string Path, string Query, string? Body)
{
    public JsonElement Json => JsonDocument.Parse(Body ?? "null").RootElement;

    public string? QueryValue(string name) =>
        Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p[0] == name)
            .Select(p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))
            .FirstOrDefault();
}
