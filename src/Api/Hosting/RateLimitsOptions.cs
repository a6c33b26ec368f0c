using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Api.Hosting;

/// <summary>The <c>RateLimits</c> section, checked by <see cref="RateLimitsOptionsValidator"/>.</summary>
public sealed class RateLimitsOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests per client address and minute to the public pages (the OAuth callback and help pages).</summary>
    [Range(0, int.MaxValue, ErrorMessage = "RateLimits:PublicPagesPerMinute must not be negative.")]
    public int PublicPagesPerMinute { get; set; } = 60;
}
