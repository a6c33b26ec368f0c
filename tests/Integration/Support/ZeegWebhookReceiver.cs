using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The Zeeg main app's end of the outcome webhook, on a loopback port: keeps every body it is sent.</summary>
public sealed class ZeegWebhookReceiver : IAsyncDisposable
{
    public const string Secret = "zeeg-webhook-test-secret";

    private readonly ConcurrentQueue<JsonElement> _received = new();
    private readonly ConcurrentQueue<(string Header, JsonElement Body)> _deliveries = new();
    private readonly WebApplication _app;

    private ZeegWebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>The settings that point a ZeegWebexHost at this receiver.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OutcomeWebhook:Url"] = Url,
        ["OutcomeWebhook:Secret"] = Secret,
    };

    public IReadOnlyList<JsonElement> Received => _received.ToList();

    /// <summary>While set, Zeeg answers every notice 503 without keeping it (Zeeg is down).</summary>
    public bool Refusing { get; set; }

    /// <summary>Every request with its X-Zeeg-Webex-Delivery header.</summary>
    public IReadOnlyList<(string Header, JsonElement Body)> Deliveries => _deliveries.ToList();

    /// <param name="answerAfter">How long Zeeg takes to answer each notice (after it has recorded it), so deliveries are
    /// in flight when a test kills a process.</param>
    public static async Task<ZeegWebhookReceiver> StartAsync(TimeSpan? answerAfter = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new ZeegWebhookReceiver(app);
        app.MapPost("/webhooks/webex", async (HttpContext http) =>
        {
            if (receiver.Refusing) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
            receiver._received.Enqueue(body);
            receiver._deliveries.Enqueue((http.Request.Headers["X-Zeeg-Webex-Delivery"].ToString(), body));
            if (answerAfter is { } delay) await Task.Delay(delay, http.RequestAborted);
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/webhooks/webex";
        return receiver;
    }

    public IReadOnlyList<JsonElement> OfKind(string kind) => Received.Where(r => r.GetProperty("kind").GetString() == kind).ToList();

    public Task<IReadOnlyList<JsonElement>> WaitForAsync(string kind, Func<JsonElement, bool>? match = null) =>
        Eventually.WaitForAsync(
            () => Task.FromResult(OfKind(kind)),
            notices => notices.Any(n => match?.Invoke(n) ?? true),
            because: $"the Zeeg webhook to receive {kind}");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
