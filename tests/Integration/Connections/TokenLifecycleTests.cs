using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Connections;

/// <summary>Connections over months of Webex's token rules, with service and simulator on one movable clock, and the
/// Zeeg main app listening on the outcome webhook.</summary>
public sealed class TokenLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan Fresh = TimeSpan.FromDays(10);

    private readonly ShiftedTime _time = new();
    private ZeegWebhookReceiver _zeeg = null!;
    private RunningWebexSimulator _simulator = null!;
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _zeeg = await ZeegWebhookReceiver.StartAsync();
        _simulator = await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = ZeegWebexHost.ClientId;
            o.ClientSecret = ZeegWebexHost.ClientSecret;
            // A refresh token with a fixed end, as some grants behave: refreshing does not move it.
            o.RefreshExtendsRefreshToken = false;
        }, time: _time);
        var settings = new Dictionary<string, string?>(_zeeg.Settings) { ["Jobs:TokenRefreshCron"] = SeededConnections.NeverCron };
        _host = await ZeegWebexHost.StartAsync(settings, _simulator, services: s => s.AddSingleton<TimeProvider>(_time));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _simulator.DisposeAsync();
        await _zeeg.DisposeAsync();
    }

    [Fact]
    public async Task A_refresh_token_that_refreshing_no_longer_extends_is_reported_to_zeeg_once_as_reconnect_soon()
    {
        const string user = "fixed-end-host";
        await _host.SeedAsync(user, $"{user}@example.com", Fresh, TimeSpan.FromDays(20));

        (await _host.SweepTokensAsync()).Refreshed.Should().Be(1, "a refresh token inside the 30-day window is refreshed to extend it");
        var stillFine = await _host.GetConnectionAsync(user);
        stillFine.GetProperty("reconnectSoon").GetBoolean().Should().BeFalse("twenty days are left");

        _time.Advance(TimeSpan.FromDays(7));
        (await _host.SweepTokensAsync()).Refreshed.Should().Be(1);

        var warned = await _host.GetConnectionAsync(user);
        warned.GetProperty("status").GetString().Should().Be("Active", "the connection still works");
        warned.GetProperty("reconnectSoon").GetBoolean().Should().BeTrue();
        warned.GetProperty("warning").GetString().Should().Contain("reconnect");
        var endsAt = warned.GetProperty("refreshTokenExpiresAt").GetDateTimeOffset();
        endsAt.Should().BeCloseTo(_time.GetUtcNow().AddDays(13), TimeSpan.FromMinutes(1));
        var notice = (await _zeeg.WaitForAsync("connection.reconnect_soon")).Single();
        notice.GetProperty("zeegUserId").GetString().Should().Be(user);
        notice.GetProperty("refreshTokenExpiresAt").GetDateTimeOffset().Should().Be(endsAt);

        (await _host.SweepTokensAsync()).Due.Should().Be(0, "refreshed within the day");
        _time.Advance(TimeSpan.FromDays(1));
        (await _host.SweepTokensAsync()).Refreshed.Should().Be(1, "still worth a daily try");
        _time.Advance(TimeSpan.FromDays(1));
        (await _host.SweepTokensAsync()).Refreshed.Should().Be(1);

        var events = (await _host.GetConnectionAsync(user)).GetProperty("recentEvents").EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        events.Count(k => k == "ReconnectSoon").Should().Be(1, "Zeeg is told once, not on every sweep");
        _simulator.State.RefreshGrantsUsedBy($"{user}@example.com").Should().Be(4, "at most one refresh a day");
        await WaitForWebhookJobsAsync();
        _zeeg.OfKind("connection.reconnect_soon").Should().HaveCount(1);
    }

    [Fact]
    public async Task Revoked_grant_kills_the_access_token_then_the_forced_refresh_requires_reauthorization_and_fails_waiting_meetings()
    {
        const string user = "revoked-host";
        var email = $"{user}@example.com";
        await _host.SeedAsync(user, email, Fresh);
        var waiting = await AddPendingMeetingAsync("evt-revoked-waiting", user);
        using var webex = new HttpClient { BaseAddress = _simulator.BaseAddress };
        using (var revoke = await webex.PostAsJsonAsync("_sim/tokens/revoke-refresh", new { email }))
            revoke.StatusCode.Should().Be(HttpStatusCode.OK);

        var stored = await _host.ReadStoredTokensAsync(user);
        var accessToken = _host.Services.GetRequiredService<ITokenProtector>().Unprotect(EncryptedToken.FromBytes(stored.AccessToken!));
        foreach (var path in new[] { "v1/people/me", "v1/meetings" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "Authorization", $"Bearer {accessToken}" } } };
            using var call = await webex.SendAsync(request);
            call.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{path}: revoking the refresh token revoked its access tokens");
        }

        (await _host.ScheduleAsync("evt-revoked-new", user)).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var failed = await _host.WaitForMeetingAsync("evt-revoked-new", "Failed");
        failed.GetProperty("lastError").GetString().Should().Contain("reconnect");
        _simulator.State.CallCount(SimOperations.TokenRefresh).Should().Be(1, "the 401 forced one refresh, which Webex refused");
        var connection = await _host.GetConnectionAsync(user);
        connection.GetProperty("status").GetString().Should().Be("ReauthorizationRequired");
        connection.GetProperty("reconnectSoon").GetBoolean().Should().BeFalse();
        (await _host.ReadStoredTokensAsync(user)).Should().BeEquivalentTo(
            new StoredTokens(null, null, null, null, null, (int)ConnectionStatus.ReauthorizationRequired));
        var waited = await _host.WaitForMeetingAsync(waiting.ZeegEventId, "Failed");
        waited.GetProperty("lastError").GetString().Should().Contain("reconnect");
        (await _zeeg.WaitForAsync("connection.reauthorization_required")).Single().GetProperty("zeegUserId").GetString().Should().Be(user);
        await _zeeg.WaitForAsync("meeting.failed", m => m.GetProperty("meeting").GetProperty("zeegEventId").GetString() == waiting.ZeegEventId);
        _simulator.State.Meetings.Should().BeEmpty();
    }

    /// <summary>Every webhook job enqueued so far has run (delivered or failed), so what the receiver holds is final.</summary>
    private Task WaitForWebhookJobsAsync() => Eventually.WaitForAsync(
        () => Task.FromResult(_host.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi()),
        monitor => monitor.EnqueuedCount("default") == 0 && monitor.ProcessingCount() == 0,
        because: "the webhook jobs to finish");

    private async Task<WebexMeeting> AddPendingMeetingAsync(string eventId, string user)
    {
        var now = _time.GetUtcNow();
        var meeting = WebexMeeting.Request(eventId, user, new MeetingSchedule(
            "Intro call", EventsApi.Start, EventsApi.Start.AddMinutes(30), "Europe/Berlin", null, ["guest@example.org"]), now);
        meeting.RetryLater("Waiting for the test", now.AddHours(1), now);
        await _host.Services.GetRequiredService<IMeetingRepository>().AddAsync(meeting, CancellationToken.None);
        return meeting;
    }
}
