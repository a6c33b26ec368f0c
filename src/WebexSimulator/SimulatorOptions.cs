namespace ZeegWebex.WebexSimulator;

public sealed class SimulatorOptions
{
    public string ClientId { get; set; } = "zeegwebex-dev";

    public string ClientSecret { get; set; } = "zeegwebex-dev-secret";

    public string ApplicationName { get; set; } = "ZeegWebex (development)";

    /// <summary>Registered redirect URIs. Empty accepts any http(s) loopback URI, so local runs on
    /// random ports work without registration; otherwise the match is exact, as at Webex.</summary>
    public List<string> RedirectUris { get; set; } = [];

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(1209599);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromSeconds(7776000);

    /// <summary>Webex truly refreshes a grant about once a day: a refresh sooner than this after the grant's last real
    /// refresh answers the values unchanged (same access token and what is left of both lifetimes).</summary>
    public TimeSpan RefreshRenewalInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Refresh tokens in regular use live on: a real refresh sets the refresh token's lifetime back to
    /// <see cref="RefreshTokenLifetime"/>. Off simulates a refresh token with a fixed end that refreshing does not move.</summary>
    public bool RefreshExtendsRefreshToken { get; set; } = true;

    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Webex documents about 100 meetings per user per 24 hours.</summary>
    public int DailyMeetingQuota { get; set; } = 100;

    public string SiteUrl { get; set; } = "sim.webex.com";
}
