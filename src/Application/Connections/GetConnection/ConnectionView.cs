namespace ZeegWebex.Application.Connections.GetConnection;

/// <param name="Status">Active, ReauthorizationRequired, Disconnected, or NotConnected (no account yet, but a connect
/// was started: see <see cref="PendingConnect"/>). The account fields are null only when NotConnected.</param>
public sealed record ConnectionView(
    string ZeegUserId,
    string Status,
    string? StatusReason,
    string? WebexPersonId,
    string? Email,
    string? DisplayName,
    string? OrgId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? AccessTokenExpiresAt,
    DateTimeOffset? RefreshTokenExpiresAt,
    bool ReconnectSoon,
    string? Warning,
    DateTimeOffset? ConnectedAt,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<ConnectionEventView> RecentEvents,
    PendingConnectView? PendingConnect = null);
