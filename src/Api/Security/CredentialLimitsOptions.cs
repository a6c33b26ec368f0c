using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Api.Security;

/// <summary>
/// How much credential guessing a client address gets, bound from the <c>CredentialLimits</c> section. A client that
/// keeps failing is answered 429 with Retry-After until its window ends; a request with valid credentials is never
/// held back by failures, its own or anyone else's (an operator's verified credential is remembered, and API keys are
/// checked before the limit is looked at).
/// </summary>
public sealed class CredentialLimitsOptions : IValidatableObject
{
    public const string Section = "CredentialLimits";

    /// <summary>Requests to /api without a valid API key or bearer token, per client address and <see cref="Window"/>.</summary>
    public int FailedApiCredentials { get; set; } = 30;

    /// <summary>Failed operator sign-ins to /hangfire, per client address and <see cref="Window"/>.</summary>
    public int FailedOperatorLogins { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Operator password checks (PBKDF2, ~150 ms of CPU each) running at once across all clients; one more is
    /// answered 503 with Retry-After at once rather than queued, so guessing can never take more than this many cores.</summary>
    public int ConcurrentPasswordChecks { get; set; } = 1;

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (FailedApiCredentials < 1) yield return new ValidationResult("CredentialLimits:FailedApiCredentials must be at least 1.");
        if (FailedOperatorLogins < 1) yield return new ValidationResult("CredentialLimits:FailedOperatorLogins must be at least 1.");
        if (ConcurrentPasswordChecks < 1 || ConcurrentPasswordChecks > 64) yield return new ValidationResult("CredentialLimits:ConcurrentPasswordChecks must be between 1 and 64.");
        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromDays(1))
            yield return new ValidationResult("CredentialLimits:Window must be positive and at most a day.");
    }
}
