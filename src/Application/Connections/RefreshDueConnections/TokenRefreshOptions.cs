namespace ZeegWebex.Application.Connections.RefreshDueConnections;

/// <summary>The recurring token refresh, bound from the <c>TokenRefresh</c> section.</summary>
public sealed class TokenRefreshOptions
{
    public const string Section = "TokenRefresh";

    /// <summary>Webex access tokens live about 14 days (webex-contract.md); the window must stay below that, or every
    /// connection would be due on every run.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(1209599);

    /// <summary>Refresh a connection whose access token expires within this window. Two days leaves several runs of
    /// the sweep, and a Webex outage of a day, before anyone's token actually lapses.</summary>
    public TimeSpan AccessTokenWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Also refresh a connection whose refresh token expires within this window, so an idle connection
    /// uses its refresh token before it lapses.</summary>
    public TimeSpan RefreshTokenWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Connections read per page of the sweep.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Refreshes in flight at once: bounded so one sweep cannot run into Webex's rate limits.</summary>
    public int MaxParallelism { get; set; } = 4;
}
