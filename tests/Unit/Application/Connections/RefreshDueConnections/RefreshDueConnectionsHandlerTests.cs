using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.RefreshDueConnections;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Connections.RefreshDueConnections;

/// <summary>The sweep's decisions, through the real <see cref="ZeegWebex.Application.Connections.Tokens.ConnectionRefresher"/>:
/// which connections are refreshed, at most once a day, and what Zeeg is told.</summary>
public sealed class RefreshDueConnectionsHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeConnectionRepository _connections = new();
    private readonly FakeMeetingRepository _meetings = new();
    private readonly FakeWebexOAuth _oauth = new();
    private readonly FakeZeegNotifier _notifier = new();
    private readonly FakeConnectionAuditLog _audit = new();
    private readonly TokenRefreshOptions _options = new() { MaxParallelism = 1 };

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task A_connection_whose_access_token_ends_within_the_window_gets_fresh_tokens()
    {
        _connections.Seed(new ConnectionBuilder(Now).AccessTokenExpiringAt(Now.AddHours(30)).Build());

        var result = await Sweep();

        result.Should().Be(new RefreshDueConnectionsResult(Due: 1, Refreshed: 1, ReauthorizationRequired: 0, Failed: 0));
        _oauth.RefreshedWith.Should().Equal("stored-refresh");
        var stored = _connections.Stored("zeeg-user-1");
        new FakeTokenProtector().Unprotect(stored.AccessToken!).Should().Be("issued-access-1");
        new FakeTokenProtector().Unprotect(stored.RefreshToken!).Should().Be("issued-refresh-1");
        stored.AccessTokenExpiresAt.Should().Be(Now.AddDays(14));
        stored.TokensRefreshedAt.Should().Be(Now);
        _connections.IsLeased(stored.Id).Should().BeFalse("the lease is given back");
    }

    [Fact]
    public async Task A_429_from_webex_stops_the_run_from_starting_more_refreshes_and_leaves_the_rest_for_the_next_run()
    {
        for (var i = 0; i < 5; i++)
            _connections.Seed(new ConnectionBuilder(Now).ForUser($"zeeg-user-{i}").AccessTokenExpiringAt(Now.AddHours(30 + i)).Build());
        _options.BatchSize = 2;
        _oauth.FailNextRefresh(new WebexException("Too many requests", 429, "tracking-429", isTransient: true, TimeSpan.FromSeconds(60)));

        var slowed = await Sweep();

        slowed.Refreshed.Should().Be(0);
        slowed.Failed.Should().Be(1);
        slowed.Deferred.Should().Be(1, "the rest of the page read when Webex answered 429 is left; later pages are not read");
        _oauth.RefreshedWith.Should().ContainSingle("no refresh starts after the 429");

        var next = await Sweep();

        next.Should().Be(new RefreshDueConnectionsResult(Due: 5, Refreshed: 5, ReauthorizationRequired: 0, Failed: 0));
    }

    [Fact]
    public async Task A_slow_refresh_holds_one_worker_only_while_the_others_go_through_the_next_pages()
    {
        for (var i = 0; i < 4; i++)
            _connections.Seed(new ConnectionBuilder(Now).ForUser($"zeeg-user-{i}").AccessTokenExpiringAt(Now.AddHours(30 + i)).Build());
        _options.BatchSize = 1;
        _options.MaxParallelism = 2;
        _oauth.HoldFirstRefresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var sweep = Sweep();
        var othersDone = SpinWait.SpinUntil(() => _oauth.RefreshedWith.Count == 4, TimeSpan.FromSeconds(10));
        _oauth.HoldFirstRefresh.SetResult();
        var result = await sweep;

        othersDone.Should().BeTrue("the three other connections, one page each, are refreshed while the first is still waiting for Webex");
        result.Should().Be(new RefreshDueConnectionsResult(Due: 4, Refreshed: 4, ReauthorizationRequired: 0, Failed: 0));
    }

    [Fact]
    public async Task A_connection_with_time_left_on_both_tokens_is_not_refreshed()
    {
        _connections.Seed(new ConnectionBuilder(Now).AccessTokenExpiringAt(Now.AddHours(49)).RefreshTokenExpiringAt(Now.AddDays(31)).Build());

        var result = await Sweep();

        result.Due.Should().Be(0);
        _oauth.RefreshedWith.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refresh_token_ending_within_its_window_is_refreshed_even_with_a_good_access_token()
    {
        _connections.Seed(new ConnectionBuilder(Now).AccessTokenExpiringAt(Now.AddDays(10)).RefreshTokenExpiringAt(Now.AddDays(29)).Build());

        var result = await Sweep();

        result.Refreshed.Should().Be(1);
    }

    [Theory]
    [InlineData(23, false)]
    [InlineData(24, true)]
    [InlineData(25, true)]
    public async Task Tokens_are_refreshed_at_most_once_a_day(int hoursSinceLastRefresh, bool refreshed)
    {
        _connections.Seed(new ConnectionBuilder(Now)
            .AccessTokenExpiringAt(Now.AddHours(1)).TokensRefreshedAt(Now.AddHours(-hoursSinceLastRefresh)).Build());

        var result = await Sweep();

        result.Refreshed.Should().Be(refreshed ? 1 : 0);
        result.Due.Should().Be(refreshed ? 1 : 0);
        _oauth.RefreshedWith.Should().HaveCount(refreshed ? 1 : 0);
    }

    [Fact]
    public async Task A_second_sweep_the_same_day_refreshes_nothing_even_when_webex_did_not_extend_the_tokens()
    {
        _connections.Seed(new ConnectionBuilder(Now).RefreshTokenExpiringAt(Now.AddDays(20)).Build());
        _oauth.RefreshTokenLifetime = TimeSpan.FromDays(20);
        await Sweep();
        _clock.Advance(TimeSpan.FromHours(6));

        var second = await Sweep();

        second.Due.Should().Be(0);
        _oauth.RefreshedWith.Should().ContainSingle();
    }

    [Fact]
    public async Task A_refresh_that_did_not_extend_the_refresh_token_tells_zeeg_once_to_have_the_user_reconnect_soon()
    {
        _connections.Seed(new ConnectionBuilder(Now).RefreshTokenExpiringAt(Now.AddDays(11)).Build());
        _oauth.RefreshTokenLifetime = TimeSpan.FromDays(10);

        await Sweep();

        var endsAt = Now.AddDays(10);
        _notifier.ReconnectSoon.Should().Equal(("zeeg-user-1", endsAt));
        _audit.Entries.Should().ContainSingle(e => e.Kind == ConnectionAuditKind.ReconnectSoon);
        _connections.Stored("zeeg-user-1").ReconnectSoonNoticeAt.Should().Be(Now);

        _clock.Advance(TimeSpan.FromHours(25));
        _oauth.RefreshTokenLifetime = TimeSpan.FromDays(9);
        var next = await Sweep();

        next.Refreshed.Should().Be(1);
        _notifier.ReconnectSoon.Should().ContainSingle("Zeeg has been told already");
    }

    [Fact]
    public async Task A_refresh_that_extends_the_refresh_token_tells_zeeg_nothing()
    {
        _connections.Seed(new ConnectionBuilder(Now).AccessTokenExpiringAt(Now.AddHours(1)).RefreshTokenExpiringAt(Now.AddDays(20)).Build());

        await Sweep();

        _notifier.ReconnectSoon.Should().BeEmpty();
        _connections.Stored("zeeg-user-1").ReconnectSoonNoticeAt.Should().BeNull();
    }

    [Fact]
    public async Task A_refresh_token_webex_rejects_needs_reauthorization_and_the_hosts_waiting_meetings_are_settled()
    {
        _connections.Seed(new ConnectionBuilder(Now).AccessTokenExpiringAt(Now.AddHours(1)).Build());
        var notMade = new MeetingBuilder(Now).ForEvent("evt-new").Pending();
        var moved = new MeetingBuilder(Now).ForEvent("evt-moved").Created();
        moved.Reschedule(new ScheduleBuilder(Now).StartingAt(Now.AddDays(4)).Build(), Now);
        var otherHost = new MeetingBuilder(Now).ForEvent("evt-other").HostedBy("zeeg-user-2").Pending();
        foreach (var m in new[] { notMade, moved, otherHost }) _meetings.Seed(m);
        _oauth.FailNextRefresh(WebexFailures.GrantRejected());

        var result = await Sweep();

        result.Should().Be(new RefreshDueConnectionsResult(1, 0, 1, 0));
        var stored = _connections.Stored("zeeg-user-1");
        stored.Status.Should().Be(ConnectionStatus.ReauthorizationRequired);
        stored.AccessToken.Should().BeNull();
        _notifier.Reauthorizations.Should().ContainSingle().Which.ZeegUserId.Should().Be("zeeg-user-1");
        _audit.Entries.Should().ContainSingle(e => e.Kind == ConnectionAuditKind.ReauthorizationRequired);
        _meetings.Stored("evt-new").Status.Should().Be(MeetingStatus.Failed);
        _meetings.Stored("evt-moved").Status.Should().Be(MeetingStatus.ChangeNotDelivered);
        _meetings.Stored("evt-other").Status.Should().Be(MeetingStatus.Pending);
        _notifier.Meetings.Select(n => (n.ZeegEventId, n.Status)).Should().BeEquivalentTo(
            [("evt-new", MeetingStatus.Failed), ("evt-moved", MeetingStatus.ChangeNotDelivered)]);
    }

    [Fact]
    public async Task One_failing_connection_does_not_stop_the_sweep_and_stays_due()
    {
        _connections.Seed(new ConnectionBuilder(Now).ForUser("zeeg-user-1").AccessTokenExpiringAt(Now.AddHours(1)).Build());
        _connections.Seed(new ConnectionBuilder(Now).ForUser("zeeg-user-2").AccessTokenExpiringAt(Now.AddHours(1)).Build());
        _oauth.FailNextRefresh(WebexFailures.Unavailable());

        var result = await Sweep();

        result.Should().Be(new RefreshDueConnectionsResult(2, 1, 0, 1));
        var again = await Sweep();
        again.Should().Be(new RefreshDueConnectionsResult(1, 1, 0, 0));
    }

    [Fact]
    public async Task A_connection_whose_token_cannot_be_opened_counts_as_failed_and_the_others_are_refreshed()
    {
        var unreadable = new ConnectionBuilder(Now).ForUser("zeeg-user-1").AccessTokenExpiringAt(Now.AddHours(1)).Build();
        unreadable.Refresh(new TokenGrant(
            FakeTokenProtector.SealedWithRemovedKey("a"), Now.AddHours(1), FakeTokenProtector.SealedWithRemovedKey("r"), Now.AddDays(80)), Now.AddDays(-2));
        _connections.Seed(unreadable);
        _connections.Seed(new ConnectionBuilder(Now).ForUser("zeeg-user-2").AccessTokenExpiringAt(Now.AddHours(1)).Build());

        var result = await Sweep();

        result.Should().Be(new RefreshDueConnectionsResult(2, 1, 0, 1));
    }

    [Fact]
    public async Task A_connection_being_refreshed_elsewhere_is_left_to_that_refresh()
    {
        var connection = new ConnectionBuilder(Now).AccessTokenExpiringAt(Now.AddHours(1)).Build();
        _connections.Seed(connection);
        _connections.HoldLease(connection.Id, Now.AddMinutes(2));

        var result = await Sweep();

        result.Should().Be(new RefreshDueConnectionsResult(1, 0, 0, 0));
        _oauth.RefreshedWith.Should().BeEmpty();
    }

    [Fact]
    public async Task Connections_needing_reauthorization_are_not_swept()
    {
        _connections.Seed(new ConnectionBuilder(Now).NeedingReauthorization().Build());

        var result = await Sweep();

        result.Due.Should().Be(0);
    }

    [Fact]
    public async Task Every_page_of_due_connections_is_swept()
    {
        _options.BatchSize = 2;
        for (var i = 0; i < 5; i++)
            _connections.Seed(new ConnectionBuilder(Now).ForUser($"zeeg-user-{i}").AccessTokenExpiringAt(Now.AddHours(1)).Build());

        var result = await Sweep();

        result.Should().Be(new RefreshDueConnectionsResult(5, 5, 0, 0));
    }

    private async Task<RefreshDueConnectionsResult> Sweep()
    {
        var refresher = ConnectionRefresherFactory.Create(_connections, _meetings, _oauth, _notifier, _audit, _clock, _options);
        var handler = new RefreshDueConnectionsHandler(
            _connections, refresher, new ZeegWebexMetrics(new TestMeterFactory()), Options.Create(_options), _clock, NullLogger<RefreshDueConnectionsHandler>.Instance);
        return await handler.Handle(new RefreshDueConnectionsCommand(), CancellationToken.None);
    }
}
