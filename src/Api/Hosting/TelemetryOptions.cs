using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Api.Hosting;

/// <summary>The <c>Telemetry</c> section, checked by <see cref="TelemetryOptionsValidator"/>.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>Where metrics are also pushed by OTLP (e.g. http://otel-collector:4317); unset, they are only scraped.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The endpoint, once validated; null when none is set.</summary>
    public Uri? OtlpEndpointUri => OtlpEndpoint is { Length: > 0 } configured ? new Uri(configured, UriKind.Absolute) : null;

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (OtlpEndpoint is { Length: > 0 } configured
            && (!Uri.TryCreate(configured, UriKind.Absolute, out var otlp) || otlp.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult(
                $"{Telemetry.OtlpEndpointSetting} must be an absolute http(s) URL (e.g. http://otel-collector:4317).");
        }
    }
}
