using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Domain.Common;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.UnitTests.Domain.Connections;

public sealed class WebexConnectionTests
{
    private static readonly WebexAccount Account = new("person-1", "ada@example.com", "Ada Lovelace", "org-1");
    private static readonly string[] ThreeScopes = ["meeting:schedules_read", "meeting:schedules_write", "spark:people_read"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void Connect_with_exactly_the_three_scopes_is_active_with_both_tokens()
    {
        var grant = Grant(1);

        var connection = WebexConnection.Connect("zeeg-user-1", Account, ThreeScopes, grant, Now);

        connection.Status.Should().Be(ConnectionStatus.Active);
        connection.Scopes.Should().BeEquivalentTo(ThreeScopes);
        connection.AccessToken.Should().Be(grant.AccessToken);
        connection.RefreshToken.Should().Be(grant.RefreshToken);
        connection.AccessTokenExpiresAt.Should().Be(grant.AccessTokenExpiresAt);
        connection.RefreshTokenExpiresAt.Should().Be(grant.RefreshTokenExpiresAt);
        connection.Version.Should().Be(1);
        connection.CreatedAt.Should().Be(Now);
    }

    [Fact]
    public void Connect_accepts_the_three_scopes_in_any_order()
    {
        var connection = WebexConnection.Connect("zeeg-user-1", Account, ThreeScopes.Reverse(), Grant(1), Now);

        connection.Status.Should().Be(ConnectionStatus.Active);
    }

    [Fact]
    public void Connect_with_fewer_scopes_is_rejected()
    {
        var act = () => WebexConnection.Connect("zeeg-user-1", Account, ThreeScopes.Take(2), Grant(1), Now);

        act.Should().Throw<DomainException>().WithMessage("*exactly the scopes*");
    }

    [Fact]
    public void Connect_with_an_extra_recordings_scope_is_rejected()
    {
        var act = () => WebexConnection.Connect("zeeg-user-1", Account, [.. ThreeScopes, "meeting:recordings_read"], Grant(1), Now);

        act.Should().Throw<DomainException>().WithMessage("*exactly the scopes*");
    }

    [Theory]
    [InlineData("spark:all")]
    [InlineData("spark:all meeting:schedules_read meeting:schedules_write spark:people_read")]
    public void Connect_with_spark_all_is_rejected(string scopes)
    {
        var act = () => WebexConnection.Connect("zeeg-user-1", Account, scopes.Split(' '), Grant(1), Now);

        act.Should().Throw<DomainException>();
    }

    [Fact]
    public void Connect_without_a_webex_person_is_rejected()
    {
        var act = () => WebexConnection.Connect("zeeg-user-1", Account with { PersonId = " " }, ThreeScopes, Grant(1), Now);

        act.Should().Throw<DomainException>();
    }

    [Fact]
    public void Refresh_of_an_active_connection_takes_the_new_tokens_and_bumps_the_version()
    {
        var connection = Active();
        _clock.Advance(TimeSpan.FromMinutes(50));
        var fresh = Grant(2);

        connection.Refresh(fresh, Now);

        connection.AccessToken.Should().Be(fresh.AccessToken);
        connection.RefreshToken.Should().Be(fresh.RefreshToken);
        connection.AccessTokenExpiresAt.Should().Be(fresh.AccessTokenExpiresAt);
        connection.Version.Should().Be(2);
        connection.UpdatedAt.Should().Be(Now);
    }

    [Fact]
    public void RequireReauthorization_clears_the_tokens_and_bumps_the_version()
    {
        var connection = Active();

        connection.RequireReauthorization("invalid_grant", Now);

        connection.Status.Should().Be(ConnectionStatus.ReauthorizationRequired);
        connection.StatusReason.Should().Be("invalid_grant");
        AssertNoTokens(connection);
        connection.Version.Should().Be(2);
    }

    [Fact]
    public void Disconnect_clears_the_tokens_and_bumps_the_version()
    {
        var connection = Active();

        connection.Disconnect(Now);

        connection.Status.Should().Be(ConnectionStatus.Disconnected);
        AssertNoTokens(connection);
        connection.Version.Should().Be(2);
    }

    [Fact]
    public void Refresh_of_a_connection_needing_reauthorization_is_rejected()
    {
        var connection = Active();
        connection.RequireReauthorization("invalid_grant", Now);

        var act = () => connection.Refresh(Grant(2), Now);

        act.Should().Throw<DomainException>().WithMessage("*ReauthorizationRequired*");
        AssertNoTokens(connection);
    }

    [Fact]
    public void Refresh_of_a_disconnected_connection_is_rejected()
    {
        var connection = Active();
        connection.Disconnect(Now);

        var act = () => connection.Refresh(Grant(2), Now);

        act.Should().Throw<DomainException>();
        connection.Version.Should().Be(2);
    }

    [Fact]
    public void Reconnect_after_reauthorization_is_active_again_with_the_new_tokens()
    {
        var connection = Active();
        connection.RequireReauthorization("invalid_grant", Now);
        var fresh = Grant(3);

        connection.Reconnect(Account, ThreeScopes, fresh, Now);

        connection.Status.Should().Be(ConnectionStatus.Active);
        connection.StatusReason.Should().BeNull();
        connection.AccessToken.Should().Be(fresh.AccessToken);
        connection.Version.Should().Be(3);
    }

    [Fact]
    public void Rehydrate_of_a_complete_active_row_succeeds()
    {
        var grant = Grant(1);

        var connection = Rehydrate(ConnectionStatus.Active, grant.AccessToken, grant.RefreshToken, withExpiries: true);

        connection.Status.Should().Be(ConnectionStatus.Active);
        connection.AccessToken.Should().Be(grant.AccessToken);
        connection.Version.Should().Be(7);
    }

    [Fact]
    public void Rehydrate_rejects_an_active_row_without_tokens()
    {
        var act = () => Rehydrate(ConnectionStatus.Active, null, null, withExpiries: false);

        act.Should().Throw<DomainException>().WithMessage("*active connection holds both tokens*");
    }

    [Fact]
    public void Rehydrate_rejects_an_active_row_missing_its_refresh_token()
    {
        var act = () => Rehydrate(ConnectionStatus.Active, Grant(1).AccessToken, null, withExpiries: true);

        act.Should().Throw<DomainException>();
    }

    [Fact]
    public void Rehydrate_rejects_a_disconnected_row_with_tokens()
    {
        var grant = Grant(1);

        var act = () => Rehydrate(ConnectionStatus.Disconnected, grant.AccessToken, grant.RefreshToken, withExpiries: true);

        act.Should().Throw<DomainException>().WithMessage("*Disconnected connection holds no tokens*");
    }

    [Fact]
    public void Rehydrate_of_a_disconnected_row_without_tokens_succeeds()
    {
        var connection = Rehydrate(ConnectionStatus.Disconnected, null, null, withExpiries: false);

        connection.Status.Should().Be(ConnectionStatus.Disconnected);
    }

    [Fact]
    public void A_fresh_connection_is_not_due_until_its_access_token_nears_its_end()
    {
        var connection = Active();
        var accessWindow = TimeSpan.FromHours(48);
        var refreshWindow = TimeSpan.FromDays(30);

        connection.IsDueForRefresh(Now.AddDays(11), accessWindow, refreshWindow).Should().BeFalse();
        connection.IsDueForRefresh(Now.AddDays(12).AddSeconds(1), accessWindow, refreshWindow).Should().BeTrue();
    }

    [Fact]
    public void A_connection_refreshed_within_the_last_day_is_not_due_even_with_short_lived_tokens()
    {
        var connection = Active();
        _clock.Advance(TimeSpan.FromDays(13));
        // Webex answered a refresh within its day with the same, nearly expired values.
        connection.Refresh(new TokenGrant(Token(2), Now.AddHours(1), Token(3), Now.AddDays(3)), Now);

        connection.IsDueForRefresh(Now.AddHours(23), TimeSpan.FromHours(48), TimeSpan.FromDays(30)).Should().BeFalse();
        connection.IsDueForRefresh(Now.AddHours(24), TimeSpan.FromHours(48), TimeSpan.FromDays(30)).Should().BeTrue();
    }

    [Fact]
    public void A_refresh_token_inside_its_window_makes_the_connection_due_once_a_day()
    {
        var connection = WebexConnection.Connect("zeeg-user-1", Account, ThreeScopes,
            new TokenGrant(Token(1), Now.AddDays(14), Token(2), Now.AddDays(20)), Now);

        connection.IsDueForRefresh(Now.AddDays(1), TimeSpan.FromHours(48), TimeSpan.FromDays(30)).Should().BeTrue();
        connection.IsDueForRefresh(Now.AddDays(1), TimeSpan.FromHours(48), TimeSpan.FromDays(7)).Should().BeFalse();
    }

    [Fact]
    public void An_inactive_connection_is_never_due_and_never_needs_a_reconnect_notice()
    {
        var connection = Active();
        connection.Disconnect(Now);

        connection.IsDueForRefresh(Now.AddDays(100), TimeSpan.FromHours(48), TimeSpan.FromDays(30)).Should().BeFalse();
        connection.NeedsReconnectSoon(Now.AddDays(100)).Should().BeFalse();
        connection.TakeReconnectSoonNotice(Now.AddDays(100)).Should().BeFalse();
    }

    [Fact]
    public void A_refresh_token_that_refreshing_did_not_extend_is_noticed_once_and_again_after_an_extension()
    {
        var connection = Active();
        _clock.Advance(TimeSpan.FromDays(77));
        connection.Refresh(new TokenGrant(Token(2), Now.AddDays(14), Token(3), Now.AddDays(13)), Now);

        connection.NeedsReconnectSoon(Now).Should().BeTrue();
        connection.TakeReconnectSoonNotice(Now).Should().BeTrue();
        connection.ReconnectSoonNoticeAt.Should().Be(Now);
        connection.TakeReconnectSoonNotice(Now.AddDays(1)).Should().BeFalse("Zeeg has been told");

        connection.Refresh(new TokenGrant(Token(4), Now.AddDays(15), Token(5), Now.AddDays(91)), Now.AddDays(1));
        connection.NeedsReconnectSoon(Now.AddDays(1)).Should().BeFalse();
        connection.ReconnectSoonNoticeAt.Should().BeNull("extended again: a later shrink is news");

        connection.Refresh(new TokenGrant(Token(6), Now.AddDays(80), Token(7), Now.AddDays(90)), Now.AddDays(80));
        connection.TakeReconnectSoonNotice(Now.AddDays(80)).Should().BeTrue();
    }

    [Fact]
    public void A_refresh_token_with_more_than_fourteen_days_left_needs_no_reconnect()
    {
        var connection = Active();

        connection.NeedsReconnectSoon(Now.AddDays(76)).Should().BeFalse();
        connection.NeedsReconnectSoon(Now.AddDays(76).AddSeconds(1)).Should().BeTrue();
    }

    private WebexConnection Active() => WebexConnection.Connect("zeeg-user-1", Account, ThreeScopes, Grant(1), Now);

    private WebexConnection Rehydrate(ConnectionStatus status, EncryptedToken? access, EncryptedToken? refresh, bool withExpiries) =>
        WebexConnection.Rehydrate(
            Guid.NewGuid(), "zeeg-user-1", Account, status, ThreeScopes,
            access, withExpiries ? Now.AddHours(1) : null, refresh, withExpiries ? Now.AddDays(60) : null,
            null, 7, Now.AddDays(-3), Now);

    private TokenGrant Grant(byte marker) =>
        new(Token(marker), Now.AddSeconds(14 * 24 * 3600), Token((byte)(marker + 100)), Now.AddDays(90));

    private static EncryptedToken Token(byte marker) =>
        new("k1", Enumerable.Repeat(marker, EncryptedToken.NonceSize).ToArray(), [marker, 1, 2], new byte[EncryptedToken.TagSize]);

    private static void AssertNoTokens(WebexConnection connection)
    {
        connection.AccessToken.Should().BeNull();
        connection.RefreshToken.Should().BeNull();
        connection.AccessTokenExpiresAt.Should().BeNull();
        connection.RefreshTokenExpiresAt.Should().BeNull();
    }
}
