using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>The Webex integration, bound from the <c>Webex</c> section and checked by <see cref="WebexOptionsValidator"/>
/// (outside Development also by the Api's WebexSecretsValidator).</summary>
public sealed class WebexOptions : IValidatableObject
{
    public const string Section = "Webex";

    /// <summary>The Webex REST base, ending in /v1/. In Development the embedded simulator's address.</summary>
    [Required(ErrorMessage = "Webex:BaseUrl is required.")] public Uri BaseUrl { get; set; } = new("https://webexapis.com/v1/");

    [Required(ErrorMessage = "Webex:ClientId is required.")] public string ClientId { get; set; } = "";

    [Required(ErrorMessage = "Webex:ClientSecret is required.")] public string ClientSecret { get; set; } = "";

    /// <summary>Our OAuth callback as registered for the integration: .../webex/oauth/callback.</summary>
    [Required(ErrorMessage = "Webex:RedirectUri is required.")] public Uri? RedirectUri { get; set; }

    /// <summary>One HTTP attempt may take this long.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A call including its retries may take this long.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Webex API calls in flight at once from this process, whatever runs them (meeting syncs, the
    /// dashboard, reading the account on connect). Calls beyond it wait their turn, oldest first.</summary>
    public int MaxConcurrentCalls { get; set; } = 64;

    /// <summary>Calls to Webex's token endpoint (refreshes, code exchanges) in flight at once from this process. A
    /// limit of their own: a large refresh sweep never takes the slots meetings are made with (MaxConcurrentCalls).
    /// Must exceed TokenRefresh:MaxParallelism (48), so on-demand refreshes and connects never queue behind a sweep.</summary>
    public int MaxConcurrentTokenCalls { get; set; } = 64;

    /// <summary>Webex calls in flight at once for one Webex user (one access token), so one host's slow answers or
    /// 429s hold back that host's calls, not everyone's.</summary>
    public int MaxConcurrentCallsPerUser { get; set; } = 4;

    /// <summary>How long a call may wait for a slot under those limits before it fails (transiently: a meeting attempt
    /// is retried later). Also cut short so that a call made under a meeting attempt's lease ends before the lease.</summary>
    public TimeSpan MaxSlotWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether Webex e-mails the host and invitees on create, update, delete and invitation changes. Webex
    /// defaults to yes; Zeeg sends its own notices, so we ask Webex not to unless this is switched on.</summary>
    public bool SendEmails { get; set; }

    /// <summary>In Development: start the Webex simulator inside this process and point <see cref="BaseUrl"/> at it.</summary>
    public bool UseEmbeddedSimulator { get; set; }

    public string EmbeddedSimulatorUrl { get; set; } = "http://127.0.0.1:5099";

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (MaxConcurrentCalls < 1 || MaxConcurrentCalls > 10_000) yield return new ValidationResult("Webex:MaxConcurrentCalls must be between 1 and 10000.");
        if (MaxConcurrentTokenCalls < 1 || MaxConcurrentTokenCalls > 10_000) yield return new ValidationResult("Webex:MaxConcurrentTokenCalls must be between 1 and 10000.");
        if (BaseUrl is not null && !BaseUrl.AbsoluteUri.EndsWith('/'))
            yield return new ValidationResult("Webex:BaseUrl must end with '/' (e.g. https://webexapis.com/v1/).");
        if (MaxSlotWait <= TimeSpan.Zero || MaxSlotWait > TimeSpan.FromMinutes(10))
            yield return new ValidationResult("Webex:MaxSlotWait must be positive and at most 10 minutes.");
        if (AttemptTimeout <= TimeSpan.Zero || TotalTimeout < AttemptTimeout)
            yield return new ValidationResult("Webex:AttemptTimeout must be positive and Webex:TotalTimeout at least as long.");
        if (MaxConcurrentCallsPerUser <= 0 || MaxConcurrentCallsPerUser > MaxConcurrentCalls)
            yield return new ValidationResult("Webex:MaxConcurrentCallsPerUser must be at least 1 and at most Webex:MaxConcurrentCalls.");
    }
}
