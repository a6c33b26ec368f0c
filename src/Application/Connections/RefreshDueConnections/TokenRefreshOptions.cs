using System.ComponentModel.DataAnnotations;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.RefreshDueConnections;

/// <summary>The recurring token refresh, bound from the <c>TokenRefresh</c> section.</summary>
public sealed class TokenRefreshOptions : IValidatableObject
{
    public const string Section = "TokenRefresh";

    /// <summary>Webex access tokens live about 14 days (webex-contract.md); the window must stay below that, or every
    /// connection would be due on every run.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(1209599);

    /// <summary>Refresh a connection whose access token expires within this window. Two days leaves several runs of
    /// the sweep, and a Webex outage of a day, before anyone's token actually lapses.</summary>
    public TimeSpan AccessTokenWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Also refresh a connection whose refresh token expires within this window. Webex extends a refresh token
    /// each time it is truly refreshed, and the access-token refreshes keep it about 76 days out or more, so this only
    /// catches a refresh token that refreshing did not extend: it is tried once a day from here on, and once it is
    /// within 14 days Zeeg is told the user has to reconnect soon. Must be at least those 14 days.</summary>
    public TimeSpan RefreshTokenWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a refresh lease holds the connection when its holder never gives it back (a crashed process).
    /// Longer than a refresh at Webex can take, so a slow refresh keeps its lease.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an on-demand caller (a meeting job, the dashboard) waits for another holder of the lease to
    /// store fresh tokens before it gives up for now (a transient failure: the job retries later).</summary>
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often a waiting caller looks at the row again.</summary>
    public TimeSpan LeasePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Connections read per page of the sweep.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Refreshes in flight at once. 48 clears 10,000 due connections in well under a minute at 150 ms per
    /// Webex round trip; token calls have their own limit (Webex:MaxConcurrentTokenCalls), apart from the calls that
    /// make meetings, and a 429 stops the run from starting more (the rest waits for the next run).</summary>
    public int MaxParallelism { get; set; } = 48;

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (BatchSize < 1 || BatchSize > 5000) yield return new ValidationResult("TokenRefresh:BatchSize must be between 1 and 5000.");
        if (MaxParallelism < 1 || MaxParallelism > 64) yield return new ValidationResult("TokenRefresh:MaxParallelism must be between 1 and 64.");
        if (AccessTokenWindow <= TimeSpan.Zero || AccessTokenWindow >= AccessTokenLifetime)
            yield return new ValidationResult("TokenRefresh:AccessTokenWindow must be positive and shorter than a Webex access token's 14-day lifetime.");
        if (RefreshTokenWindow < WebexConnection.ReconnectSoonThreshold)
            yield return new ValidationResult("TokenRefresh:RefreshTokenWindow must be at least 14 days, so a refresh token that is not extended is noticed before the user has to be warned.");
        if (LeaseDuration < TimeSpan.FromSeconds(10) || LeaseDuration > TimeSpan.FromHours(1))
            yield return new ValidationResult("TokenRefresh:LeaseDuration must be between 10 seconds and 1 hour.");
        if (LeaseWait < TimeSpan.Zero || LeaseWait >= LeaseDuration)
            yield return new ValidationResult("TokenRefresh:LeaseWait must not be negative and shorter than TokenRefresh:LeaseDuration.");
        if (LeasePollInterval <= TimeSpan.Zero || LeasePollInterval > TimeSpan.FromSeconds(10))
            yield return new ValidationResult("TokenRefresh:LeasePollInterval must be positive and at most 10 seconds.");
    }
}
