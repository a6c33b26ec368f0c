using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Api.Hosting;

/// <summary>The <c>RateLimits</c> section, checked by <see cref="RateLimitsOptionsValidator"/>.</summary>
public sealed class RateLimitsOptions : IValidatableObject
{
    public const string Section = "RateLimits";

    /// <summary>Requests per client address and minute to the public pages (the OAuth callback and help pages).</summary>
    public int PublicPagesPerMinute { get; set; } = 60;

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (PublicPagesPerMinute < 0) yield return new ValidationResult("RateLimits:PublicPagesPerMinute must not be negative.");
    }
}
