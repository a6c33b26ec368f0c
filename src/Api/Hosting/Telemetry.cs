using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using ZeegWebex.Api.Security;
using ZeegWebex.Application.Common;
using ZeegWebex.Infrastructure;

namespace ZeegWebex.Api.Hosting;

/// <summary>OpenTelemetry metrics: the service's own meter ("ZeegWebex": meetings, Webex calls, outbox, refreshes,
/// webhooks), ASP.NET Core's and HttpClient's. Scraped by Prometheus at <see cref="MetricsPath"/> with the operators'
/// Basic credentials (like the job dashboard); pushed by OTLP too when <c>Telemetry:OtlpEndpoint</c> is set.</summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public const string OtlpEndpointSetting = "Telemetry:OtlpEndpoint";

    public static IServiceCollection AddZeegTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // Whether to add the OTLP exporter at all is decided now, before the container exists.
        services.AddOptionsWithValidateOnStart<TelemetryOptions, TelemetryOptionsValidator>().Bind(configuration.GetSection(TelemetryOptions.Section));
        var otlp = configuration.BindValidated(TelemetryOptions.Section, new TelemetryOptionsValidator()).OtlpEndpointUri;

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("zeegwebex"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ZeegWebexMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddPrometheusExporter();
                if (otlp is not null) metrics.AddOtlpExporter(o => o.Endpoint = otlp);
            });
        return services;
    }

    /// <summary>/metrics for operators (Viewer or Admin), refused like the dashboard without their credentials.</summary>
    public static IEndpointConventionBuilder MapZeegMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(OperatorDashboard.Policy);
}
