using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Infrastructure.Notifications;

/// <summary>The webhook that tells the Zeeg main app about outcomes, bound from the <c>OutcomeWebhook</c> section and
/// checked by <see cref="OutcomeWebhookOptionsValidator"/>: single settings by their attributes, durations and the
/// settings that depend on each other in <see cref="IValidatableObject.Validate"/>.</summary>
public sealed class OutcomeWebhookOptions : IValidatableObject
{
    public const string Section = "OutcomeWebhook";

    /// <summary>Where the Zeeg main app wants to hear about meeting outcomes; no URL, no webhook (and no outbox rows).</summary>
    public Uri? Url { get; set; }

    /// <summary>Shared secret for the HMAC-SHA256 signature over the body.</summary>
    public string? Secret { get; set; }

    /// <summary>How long one delivery may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one delivery attempt holds its notice; no other process delivers it meanwhile. After a crash
    /// mid-attempt the notice is delivered again once this has passed. Longer than <see cref="Timeout"/>.</summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first retry waits about this long; each further one twice as long (with jitter), up to
    /// <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failed attempts a notice is given up (it stays in the table with its last error).
    /// The default spans about two days of a Zeeg outage.</summary>
    public int MaxAttempts { get; set; } = 60;

    /// <summary>How long delivered notices stay in the outbox (for operators) before they are purged.</summary>
    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many due notices the recurring dispatcher claims per query.</summary>
    public int BatchSize { get; set; } = 100;

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (MaxAttempts < 1) yield return new ValidationResult("OutcomeWebhook:MaxAttempts must be positive.");
        if (BatchSize < 1 || BatchSize > 1000) yield return new ValidationResult("OutcomeWebhook:BatchSize must be between 1 and 1000.");
        if (Url is not null && string.IsNullOrEmpty(Secret))
            yield return new ValidationResult("OutcomeWebhook:Secret is required when OutcomeWebhook:Url is set.");
        if (Timeout <= TimeSpan.Zero) yield return new ValidationResult("OutcomeWebhook:Timeout must be positive.");
        if (DeliveryLease <= Timeout)
            yield return new ValidationResult(
                "OutcomeWebhook:DeliveryLease must be longer than OutcomeWebhook:Timeout, or a slow delivery could be sent twice at once.");
        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
            yield return new ValidationResult("OutcomeWebhook:RetryBaseDelay must be positive and OutcomeWebhook:RetryMaxDelay at least as long.");
        if (DeliveredRetention < TimeSpan.Zero) yield return new ValidationResult("OutcomeWebhook:DeliveredRetention must not be negative.");
    }
}
