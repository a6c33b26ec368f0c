namespace ZeegWebex.Application.Abstractions;

public enum ConnectionAuditKind
{
    Connected = 1,
    AccessDenied = 2,
    Disconnected = 3,
    RefreshFailed = 4,
    ReauthorizationRequired = 5,
    ConnectFailed = 6,

    /// <summary>Refreshing did not extend the refresh token and it ends within 14 days; Zeeg was told.</summary>
    ReconnectSoon = 7,
}
