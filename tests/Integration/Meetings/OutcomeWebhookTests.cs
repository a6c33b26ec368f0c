using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Meetings;

/// <summary>The Zeeg main app hears what became of a meeting through a signed webhook, retried while it is down.</summary>
public sealed class OutcomeWebhookTests : IAsyncLifetime
{
    private const string Secret = "zeeg-webhook-test-secret";
    private readonly ConcurrentQueue<(string Signature, string Body)> _received = new();
    private int _refuseNext;
    private WebApplication _zeeg = null!;
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _zeeg = builder.Build();
        _zeeg.MapPost("/webhooks/webex", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (Interlocked.Exchange(ref _refuseNext, 0) == 1) return Results.StatusCode(503);
            _received.Enqueue((http.Request.Headers["X-Zeeg-Webex-Signature"].ToString(), body));
            return Results.NoContent();
        });
        await _zeeg.StartAsync();
        var zeegAddress = _zeeg.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            ["OutcomeWebhook:Url"] = zeegAddress + "/webhooks/webex",
            ["OutcomeWebhook:Secret"] = Secret,
        });
        (await BrowserConsent.ConnectAsync(_host, "host-w", "webhook.host@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _zeeg.DisposeAsync();
    }

    [Fact]
    public async Task A_created_meeting_is_announced_with_a_valid_signature_and_its_location()
    {
        await _host.ScheduleAsync("evt-hook", "host-w");

        var (signature, body) = await WaitForAsync("meeting.created");

        signature.Should().Be("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body))));
        var payload = JsonDocument.Parse(body).RootElement;
        payload.GetProperty("meeting").GetProperty("zeegEventId").GetString().Should().Be("evt-hook");
        payload.GetProperty("meeting").GetProperty("location").GetProperty("webexMeetingId").GetString()
            .Should().Be(_host.Simulator.State.Meetings.Single().Id);
    }

    [Fact]
    public async Task A_failed_meeting_is_announced_even_when_zeeg_refused_the_first_delivery()
    {
        Interlocked.Exchange(ref _refuseNext, 1);
        _host.Simulator.Options.DailyMeetingQuota = 0;

        await _host.ScheduleAsync("evt-hook-fail", "host-w");

        var (_, body) = await WaitForAsync("meeting.failed", TimeSpan.FromSeconds(45));
        JsonDocument.Parse(body).RootElement.GetProperty("meeting").GetProperty("lastError").GetString().Should().Contain("403");
    }

    [Fact]
    public async Task A_cancelled_meeting_is_announced()
    {
        await _host.ScheduleAsync("evt-hook-cancel", "host-w");
        await _host.WaitForMeetingAsync("evt-hook-cancel", "Created");

        await _host.Client.DeleteAsync("/api/events/evt-hook-cancel");

        var (_, body) = await WaitForAsync("meeting.cancelled");
        JsonDocument.Parse(body).RootElement.GetProperty("meeting").GetProperty("zeegEventId").GetString().Should().Be("evt-hook-cancel");
    }

    private Task<(string Signature, string Body)> WaitForAsync(string kind, TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(
            () => Task.FromResult(_received.FirstOrDefault(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("kind").GetString() == kind)),
            r => r.Body is not null,
            timeout,
            $"a {kind} webhook");
}
