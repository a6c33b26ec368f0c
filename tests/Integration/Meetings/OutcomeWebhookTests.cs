using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
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
    private readonly ConcurrentQueue<(string Delivery, string Body)> _refused = new();
    private readonly ConcurrentQueue<string> _deliveryHeaders = new();
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
            var delivery = http.Request.Headers["X-Zeeg-Webex-Delivery"].ToString();
            if (Interlocked.Exchange(ref _refuseNext, 0) == 1)
            {
                _refused.Enqueue((delivery, body));
                return Results.StatusCode(503);
            }

            _deliveryHeaders.Enqueue(delivery);
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
        var deliveryId = payload.GetProperty("deliveryId").GetString();
        Guid.TryParse(deliveryId, out _).Should().BeTrue("the delivery id is a GUID Zeeg can de-duplicate on");
        _deliveryHeaders.Should().Contain(deliveryId, "the X-Zeeg-Webex-Delivery header carries the same id");
        await Eventually.WaitForAsync(
            () => CountAsync("SELECT COUNT(*) FROM outcome_notices WHERE delivered_at IS NOT NULL AND next_attempt_at IS NULL"),
            n => n == 1,
            because: "the outbox row to be marked delivered");
    }

    [Fact]
    public async Task A_failed_meeting_is_announced_even_when_zeeg_refused_the_first_delivery()
    {
        Interlocked.Exchange(ref _refuseNext, 1);
        _host.Simulator.Options.DailyMeetingQuota = 0;

        await _host.ScheduleAsync("evt-hook-fail", "host-w");

        var (_, body) = await WaitForAsync("meeting.failed", TimeSpan.FromSeconds(45));
        var payload = JsonDocument.Parse(body).RootElement;
        payload.GetProperty("meeting").GetProperty("lastError").GetString().Should().Contain("403");
        var (refusedDelivery, refusedBody) = _refused.Should().ContainSingle().Subject;
        refusedDelivery.Should().Be(payload.GetProperty("deliveryId").GetString(), "a retry is the same delivery, with the same id");
        refusedBody.Should().Be(body, "a retry sends the very same signed body");
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

    [Fact]
    public async Task A_notice_queued_as_a_job_by_a_version_before_the_outbox_is_delivered_with_a_delivery_id()
    {
        var jobs = _host.GetRequiredService<IBackgroundJobClient>();

        jobs.Enqueue<ZeegWebex.Infrastructure.Notifications.OutcomeWebhookJob>(job =>
            job.SendAsync("connection.reauthorization_required", """{"kind":"connection.reauthorization_required","zeegUserId":"host-old"}""", CancellationToken.None));

        var (signature, body) = await WaitForAsync("connection.reauthorization_required");
        var payload = JsonDocument.Parse(body).RootElement;
        payload.GetProperty("zeegUserId").GetString().Should().Be("host-old");
        _deliveryHeaders.Should().Contain(payload.GetProperty("deliveryId").GetString());
        signature.Should().Be("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body))));
    }

    [Fact]
    public async Task A_notice_outside_the_transaction_of_its_change_is_refused_and_nothing_is_stored()
    {
        var notifier = _host.GetRequiredService<ZeegWebex.Application.Abstractions.IZeegNotifier>();

        var outsideAnyTransaction = () => notifier.ConnectionNeedsReauthorizationAsync("host-w", "testing", CancellationToken.None);

        await outsideAnyTransaction.Should().ThrowAsync<InvalidOperationException>().WithMessage("*IUnitOfWork*");
        (await CountAsync("SELECT COUNT(*) FROM outcome_notices")).Should().Be(0);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_host.DatabaseFile}");
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private Task<(string Signature, string Body)> WaitForAsync(string kind, TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(
            () => Task.FromResult(_received.FirstOrDefault(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("kind").GetString() == kind)),
            r => r.Body is not null,
            timeout,
            $"a {kind} webhook");
}
