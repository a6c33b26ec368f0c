using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.RefreshDueConnections;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Connections;

public sealed class TokenRefreshTests : IAsyncLifetime
{
    private static readonly TimeSpan Due = TimeSpan.FromHours(1);
    private static readonly TimeSpan Fresh = TimeSpan.FromDays(10);

    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync() => _host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
    {
        // Small pages and several workers, so the sweep has to page and run refreshes side by side.
        ["TokenRefresh:BatchSize"] = "2",
        ["TokenRefresh:MaxParallelism"] = "3",
        ["Jobs:TokenRefreshCron"] = SeededConnections.NeverCron,
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Sweep_refreshes_exactly_the_connections_that_are_due()
    {
        var day = TimeSpan.FromDays(2);
        var plan = new (string User, TimeSpan AccessIn, TimeSpan RefreshIn, TimeSpan RefreshedAgo, bool Due)[]
        {
            ("sweep-01", Due, TimeSpan.FromDays(80), day, true),
            ("sweep-02", TimeSpan.FromHours(47), TimeSpan.FromDays(80), day, true),
            ("sweep-03", TimeSpan.FromMinutes(-5), TimeSpan.FromDays(80), day, true),
            ("sweep-04", Fresh, TimeSpan.FromDays(3), day, true),
            ("sweep-05", Fresh, TimeSpan.FromDays(29), day, true),
            ("sweep-06", TimeSpan.FromHours(49), TimeSpan.FromDays(80), day, false),
            ("sweep-07", Fresh, TimeSpan.FromDays(31), day, false),
            ("sweep-08", Fresh, TimeSpan.FromDays(80), day, false),
            ("sweep-09", Due, TimeSpan.FromDays(80), TimeSpan.FromHours(23), false),
            ("sweep-10", TimeSpan.FromDays(13), TimeSpan.FromDays(80), day, false),
            ("sweep-11", Fresh, TimeSpan.FromDays(3), TimeSpan.FromHours(20), false),
            ("sweep-12", Fresh, TimeSpan.FromDays(80), day, false),
        };
        var before = new Dictionary<string, StoredTokens>();
        foreach (var (user, accessIn, refreshIn, refreshedAgo, _) in plan)
        {
            await _host.SeedAsync(user, EmailOf(user), accessIn, refreshIn, connectedAgo: refreshedAgo);
            before[user] = await _host.ReadStoredTokensAsync(user);
        }

        var result = await _host.SweepTokensAsync();

        result.Should().Be(new RefreshDueConnectionsResult(Due: 5, Refreshed: 5, ReauthorizationRequired: 0, Failed: 0));
        foreach (var (user, _, _, _, due) in plan)
        {
            _host.Simulator.State.RefreshGrantsUsedBy(EmailOf(user)).Should().Be(due ? 1 : 0, $"{user} is {(due ? "" : "not ")}due");
            var after = await _host.ReadStoredTokensAsync(user);
            if (due)
            {
                after.AccessExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow.AddDays(13), $"{user} holds a fresh 14-day access token");
                after.AccessToken.Should().NotEqual(before[user].AccessToken!);
                after.RefreshExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow.AddDays(89), $"{user}'s refresh token was extended by the refresh");
            }
            else
            {
                after.Should().BeEquivalentTo(before[user], $"{user} was not due (or was refreshed within the day) and must be left alone");
            }
        }

        (await _host.SweepTokensAsync()).Should().Be(new RefreshDueConnectionsResult(0, 0, 0, 0), "nothing is due any more");
    }

    [Fact]
    public async Task A_refresh_token_near_its_end_is_extended_by_one_refresh_and_then_left_alone()
    {
        await _host.SeedAsync("ending-host", EmailOf("ending-host"), Fresh, TimeSpan.FromDays(3));

        await _host.SweepTokensAsync();
        await _host.SweepTokensAsync();
        await _host.SweepTokensAsync();

        _host.Simulator.State.RefreshGrantsUsedBy(EmailOf("ending-host")).Should().Be(1);
        var connection = await _host.GetConnectionAsync("ending-host");
        connection.GetProperty("refreshTokenExpiresAt").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UtcNow.AddDays(89));
        connection.GetProperty("reconnectSoon").GetBoolean().Should().BeFalse();
        connection.GetProperty("warning").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_webex_outage_for_one_connection_does_not_stop_the_sweep_and_the_next_run_takes_it_again()
    {
        var users = new[] { "outage-1", "outage-2", "outage-3", "outage-4" };
        foreach (var user in users) await _host.SeedAsync(user, EmailOf(user), Due);
        _host.Simulator.State.AddFault(new SimFault(SimOperations.TokenRefresh, SimFaultKind.Status, Status: 503, Times: 1));

        var first = await _host.SweepTokensAsync();

        first.Should().Be(new RefreshDueConnectionsResult(Due: 4, Refreshed: 3, ReauthorizationRequired: 0, Failed: 1));
        users.Sum(u => _host.Simulator.State.RefreshGrantsUsedBy(EmailOf(u))).Should().Be(3);
        _host.Logs.Lines.Should().Contain(line => line.StartsWith("Warning") && line.Contains("failed at Webex")
            && System.Text.RegularExpressions.Regex.IsMatch(line, @"TrackingId=\S+"), "the Webex tracking id is what support asks for");
        foreach (var user in users)
        {
            var connection = await _host.GetConnectionAsync(user);
            connection.GetProperty("status").GetString().Should().Be("Active", "a transient failure is not a reason to disconnect");
        }

        var second = await _host.SweepTokensAsync();

        second.Should().Be(new RefreshDueConnectionsResult(Due: 1, Refreshed: 1, ReauthorizationRequired: 0, Failed: 0));
        users.Should().OnlyContain(u => _host.Simulator.State.RefreshGrantsUsedBy(EmailOf(u)) == 1);
    }

    [Fact]
    public async Task A_429_at_the_token_endpoint_stops_the_sweep_from_starting_more_refreshes_until_the_next_run()
    {
        var users = Enumerable.Range(1, 8).Select(i => $"throttled-{i}").ToArray();
        foreach (var user in users) await _host.SeedAsync(user, EmailOf(user), Due);
        _host.Simulator.State.AddFault(new SimFault(SimOperations.TokenRefresh, SimFaultKind.Status, Status: 429, RetryAfterSeconds: 30, Times: 0));
        using var refreshes = new MetricCollector<long>(_host.Services.GetRequiredService<IMeterFactory>(), ZeegWebexMetrics.MeterName, "zeegwebex.token.refreshes");

        var slowed = await _host.SweepTokensAsync();
        _host.Simulator.State.ClearFaults();

        slowed.Refreshed.Should().Be(0);
        slowed.Failed.Should().BeInRange(1, 3, "only the refreshes already under way (TokenRefresh:MaxParallelism 3) met the 429");
        (slowed.Failed + slowed.Deferred).Should().Be(slowed.Due, "every connection read as due either met the 429 or was left");
        slowed.Due.Should().BeLessThan(users.Length, "after the 429 no further page of due connections is read");
        _host.Logs.Lines.Should().Contain(line => line.StartsWith("Warning") && line.Contains("slowed down") && line.Contains("429"));
        refreshes.GetMeasurementSnapshot().Where(m => Equals(m.Tags["outcome"], "Deferred")).Sum(m => m.Value)
            .Should().Be(slowed.Deferred, "operators see on /metrics what a throttled sweep left");

        var next = await _host.SweepTokensAsync();

        next.Should().Be(new RefreshDueConnectionsResult(Due: 8, Refreshed: 8, ReauthorizationRequired: 0, Failed: 0));
    }

    [Fact]
    public async Task On_demand_refresh_and_sweep_at_the_same_time_spend_the_refresh_token_once()
    {
        for (var round = 1; round <= 5; round++)
        {
            var user = $"race-{round}";
            var connection = await _host.SeedAsync(user, EmailOf(user), Due);
            // Both callers would reach Webex inside this delay if nothing kept them apart.
            _host.Simulator.State.AddFault(new SimFault(SimOperations.TokenRefresh, SimFaultKind.Latency, DelayMs: 300, Times: 2));
            using var onDemandScope = _host.Services.CreateScope();
            using var sweepScope = _host.Services.CreateScope();
            var refresher = onDemandScope.ServiceProvider.GetRequiredService<ConnectionRefresher>();
            var mediator = sweepScope.ServiceProvider.GetRequiredService<IMediator>();

            var onDemand = refresher.GetAccessTokenAsync(connection.Id, TimeSpan.FromHours(2), force: false, CancellationToken.None);
            var sweep = mediator.Send(new RefreshDueConnectionsCommand()).AsTask();
            await Task.WhenAll(onDemand, sweep);
            var (accessToken, swept) = (await onDemand, await sweep);

            _host.Simulator.State.RefreshGrantsUsedBy(EmailOf(user)).Should().Be(1, $"round {round}: one refresh, whoever came first");
            swept.Due.Should().Be(1);
            var stored = await _host.ReadStoredTokensAsync(user);
            _host.Services.GetRequiredService<ITokenProtector>().Unprotect(EncryptedToken.FromBytes(stored.AccessToken))
                .Should().Be(accessToken, "the on-demand caller gets the token that is stored");
            _host.Simulator.State.ClearFaults();
        }
    }

    [Theory]
    [InlineData("revoked")]
    [InlineData("expired")]
    public async Task A_refresh_token_webex_rejects_requires_reauthorization_deletes_the_tokens_and_fails_waiting_meetings(string how)
    {
        const string user = "rejected-host";
        var email = EmailOf(user);
        await _host.SeedAsync(user, email, Due);
        await _host.SeedAsync("healthy-host", EmailOf("healthy-host"), Due);
        var waiting = await AddPendingMeetingAsync("evt-waiting", user);
        if (how == "revoked") _host.Simulator.State.RevokeRefreshTokens(email).Should().Be(1);
        else _host.Simulator.State.ExpireRefreshTokens(email).Should().Be(1);

        var result = await _host.SweepTokensAsync();

        result.Should().Be(new RefreshDueConnectionsResult(Due: 2, Refreshed: 1, ReauthorizationRequired: 1, Failed: 0));
        var connection = await _host.GetConnectionAsync(user);
        connection.GetProperty("status").GetString().Should().Be("ReauthorizationRequired");
        connection.GetProperty("statusReason").GetString().Should().Contain("reconnect");
        connection.GetProperty("recentEvents").EnumerateArray().Select(e => e.GetProperty("kind").GetString())
            .Should().Contain("ReauthorizationRequired");
        var stored = await _host.ReadStoredTokensAsync(user);
        stored.Should().BeEquivalentTo(new StoredTokens(null, null, null, null, null, (int)ConnectionStatus.ReauthorizationRequired));

        var meeting = await _host.GetMeetingAsync(waiting.ZeegEventId);
        meeting.GetProperty("status").GetString().Should().Be("Failed");
        meeting.GetProperty("syncPending").GetBoolean().Should().BeFalse();
        meeting.GetProperty("lastError").GetString().Should().Contain("reconnect");

        (await _host.GetConnectionAsync("healthy-host")).GetProperty("status").GetString().Should().Be("Active");
        _host.Simulator.State.RefreshGrantsUsedBy(EmailOf("healthy-host")).Should().Be(1);
    }

    [Fact]
    public async Task The_refresh_runs_as_a_recurring_job_and_key_rotation_is_listed_for_operators()
    {
        const string user = "job-host";
        await _host.SeedAsync(user, EmailOf(user), Due);
        using (var storage = _host.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var recurring = storage.GetRecurringJobs();
            recurring.Should().ContainSingle(j => j.Id == "webex-token-refresh").Which.Cron.Should().Be(SeededConnections.NeverCron);
            recurring.Should().ContainSingle(j => j.Id == "token-key-rotation").Which.Cron.Should().Be(Cron.Never());
        }

        ((IRecurringJobManagerV2)_host.Services.GetRequiredService<IRecurringJobManager>()).TriggerJob("webex-token-refresh");

        await Eventually.WaitForAsync(
            () => _host.ReadStoredTokensAsync(user),
            stored => stored.AccessExpiresAt > DateTimeOffset.UtcNow.AddDays(13),
            because: "the triggered job refreshes the due connection");
        _host.Simulator.State.RefreshGrantsUsedBy(EmailOf(user)).Should().Be(1);
    }

    [Theory]
    [InlineData("TokenRefresh:BatchSize", "0")]
    [InlineData("TokenRefresh:MaxParallelism", "0")]
    [InlineData("TokenRefresh:AccessTokenWindow", "15.00:00:00")]
    [InlineData("TokenRefresh:AccessTokenWindow", "-01:00:00")]
    [InlineData("TokenRefresh:RefreshTokenWindow", "7.00:00:00")]
    [InlineData("TokenRefresh:LeaseDuration", "00:00:01")]
    [InlineData("TokenRefresh:LeaseWait", "00:05:00")]
    public async Task Bad_refresh_settings_stop_the_start(string setting, string value)
    {
        await using var simulator = await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = ZeegWebexHost.ClientId;
            o.ClientSecret = ZeegWebexHost.ClientSecret;
        });

        var start = () => ZeegWebexHost.StartAsync(new Dictionary<string, string?> { [setting] = value }, simulator);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(setting);
    }

    private static string EmailOf(string user) => $"{user}@example.com";

    /// <summary>A meeting still waiting to be made, with its next attempt an hour out so no job runs it meanwhile.</summary>
    private async Task<WebexMeeting> AddPendingMeetingAsync(string eventId, string user)
    {
        var now = DateTimeOffset.UtcNow;
        var meeting = WebexMeeting.Request(eventId, user, new MeetingSchedule(
            "Intro call", EventsApi.Start, EventsApi.Start.AddMinutes(30), "Europe/Berlin", null, ["guest@example.org"]), now);
        meeting.RetryLater("Waiting for the test", now.AddHours(1), now);
        await _host.Services.GetRequiredService<IMeetingRepository>().AddAsync(meeting, CancellationToken.None);
        return meeting;
    }
}
