using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.GetConnection;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Connections.GetConnection;

public sealed class GetConnectionHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeConnectionRepository _connections = new();
    private readonly FakePendingAuthorizationRepository _authorizations = new();
    private readonly FakeConnectionAuditLog _audit = new();

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task An_active_connection_shows_the_account_and_no_warning()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());

        var view = await Handle("zeeg-user-1");

        view.Status.Should().Be("Active");
        view.Email.Should().Be(ConnectionBuilder.Account.Email);
        view.ReconnectSoon.Should().BeFalse();
        view.Warning.Should().BeNull();
        view.PendingConnect.Should().BeNull();
    }

    [Theory]
    [InlineData(13, true)]
    [InlineData(15, false)]
    public async Task Reconnect_soon_is_flagged_while_the_refresh_token_ends_within_14_days(int daysLeft, bool flagged)
    {
        var endsAt = Now.AddDays(daysLeft);
        _connections.Seed(new ConnectionBuilder(Now).RefreshTokenExpiringAt(endsAt).Build());

        var view = await Handle("zeeg-user-1");

        view.ReconnectSoon.Should().Be(flagged);
        if (flagged) view.Warning.Should().Contain("reconnect Webex before").And.Contain(endsAt.ToString("O"));
        else view.Warning.Should().BeNull();
    }

    [Fact]
    public async Task A_connection_needing_a_new_consent_says_so_and_is_not_flagged_to_reconnect_soon()
    {
        _connections.Seed(new ConnectionBuilder(Now).NeedingReauthorization().Build());

        var view = await Handle("zeeg-user-1");

        view.Status.Should().Be("ReauthorizationRequired");
        view.StatusReason.Should().NotBeNullOrEmpty();
        view.ReconnectSoon.Should().BeFalse();
    }

    [Fact]
    public async Task A_connect_started_but_never_opened_shows_as_pending_without_an_account()
    {
        await _authorizations.AddAsync(new PendingAuthorizationBuilder(Now).Build(), default);

        var view = await Handle("zeeg-user-1");

        view.Status.Should().Be(GetConnectionHandler.NotConnected);
        view.Email.Should().BeNull();
        view.PendingConnect!.Status.Should().Be(PendingConnectView.Pending);
        view.PendingConnect.OpenedAt.Should().BeNull();
    }

    [Fact]
    public async Task A_connect_that_went_to_webex_and_never_came_back_points_to_admin_approval()
    {
        await _authorizations.AddAsync(new PendingAuthorizationBuilder(Now).OpenedWith("state", "binding").Build(), default);
        _clock.Advance(TimeSpan.FromMinutes(11));

        var view = await Handle("zeeg-user-1");

        view.PendingConnect!.Status.Should().Be(PendingConnectView.NotCompleted);
        view.StatusReason.Should().Be(PendingConnectView.AdminApprovalGuidance);
    }

    [Fact]
    public async Task A_connect_whose_callback_came_back_is_not_shown()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        await _authorizations.AddAsync(new PendingAuthorizationBuilder(Now).OpenedWith("state", "binding").Build(), default);
        await _authorizations.TryConsumeAsync(
            ZeegWebex.Application.Connections.OAuthSecrets.HashState("state"), ZeegWebex.Application.Connections.OAuthSecrets.Hash("binding"), Now, default);

        var view = await Handle("zeeg-user-1");

        view.PendingConnect.Should().BeNull();
    }

    [Fact]
    public async Task A_user_with_neither_connection_nor_connect_is_not_found()
    {
        var act = () => Handle("zeeg-user-1");

        await act.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task Recent_events_are_the_20_newest_first()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        for (var i = 0; i < 25; i++)
            await _audit.RecordAsync(new ConnectionAuditEntry("zeeg-user-1", ConnectionAuditKind.Connected, $"#{i}", Now.AddMinutes(i)), default);

        var view = await Handle("zeeg-user-1");

        view.RecentEvents.Should().HaveCount(20);
        view.RecentEvents[0].Detail.Should().Be("#24");
        view.RecentEvents[^1].Detail.Should().Be("#5");
    }

    private async Task<ConnectionView> Handle(string zeegUserId) =>
        await new GetConnectionHandler(_connections, _authorizations, _audit, _clock).Handle(new GetConnectionQuery(zeegUserId), CancellationToken.None);
}
