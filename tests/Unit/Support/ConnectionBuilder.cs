using ZeegWebex.Domain.Connections;

namespace ZeegWebex.UnitTests.Support;

/// <summary>A stored Webex connection; by default Active, tokens refreshed two days ago, the access token good for
/// twelve more days and the refresh token for 88.</summary>
internal sealed class ConnectionBuilder(DateTimeOffset now)
{
    private string _zeegUserId = "zeeg-user-1";
    private ConnectionStatus _status = ConnectionStatus.Active;
    private DateTimeOffset _accessExpiresAt = now.AddDays(12);
    private DateTimeOffset _refreshExpiresAt = now.AddDays(88);
    private DateTimeOffset? _refreshedAt = now.AddDays(-2);
    private DateTimeOffset? _reconnectSoonNoticeAt;
    private string _accessToken = "stored-access";
    private string _refreshToken = "stored-refresh";
    private Guid _id = Guid.NewGuid();

    public static readonly WebexAccount Account = new("person-1", "host@example.com", "Ada Host", "org-1");

    public ConnectionBuilder WithId(Guid id) { _id = id; return this; }

    public ConnectionBuilder ForUser(string zeegUserId) { _zeegUserId = zeegUserId; return this; }

    public ConnectionBuilder AccessTokenExpiringAt(DateTimeOffset at) { _accessExpiresAt = at; return this; }

    public ConnectionBuilder RefreshTokenExpiringAt(DateTimeOffset at) { _refreshExpiresAt = at; return this; }

    public ConnectionBuilder TokensRefreshedAt(DateTimeOffset? at) { _refreshedAt = at; return this; }

    public ConnectionBuilder ToldToReconnectSoonAt(DateTimeOffset at) { _reconnectSoonNoticeAt = at; return this; }

    public ConnectionBuilder WithTokens(string accessToken, string refreshToken) { _accessToken = accessToken; _refreshToken = refreshToken; return this; }

    public ConnectionBuilder NeedingReauthorization() { _status = ConnectionStatus.ReauthorizationRequired; return this; }

    public ConnectionBuilder Disconnected() { _status = ConnectionStatus.Disconnected; return this; }

    public WebexConnection Build()
    {
        var protector = new FakeTokenProtector();
        var active = _status == ConnectionStatus.Active;
        return WebexConnection.Rehydrate(
            _id, _zeegUserId, Account, _status, WebexScopes.Required,
            active ? protector.Protect(_accessToken) : null, active ? _accessExpiresAt : null,
            active ? protector.Protect(_refreshToken) : null, active ? _refreshExpiresAt : null,
            active ? null : "Webex rejected the stored refresh token.", 3, now.AddDays(-30), now.AddDays(-2),
            active ? _refreshedAt : null, active ? _reconnectSoonNoticeAt : null);
    }
}
