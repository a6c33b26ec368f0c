using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections.RefreshDueConnections;
using ZeegWebex.Application.Meetings;

namespace ZeegWebex.Infrastructure.Webex;

public static class WebexServiceCollectionExtensions
{
    public static IServiceCollection AddWebexClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<WebexOptions, WebexOptionsValidator>()
            .Bind(configuration.GetSection(WebexOptions.Section));

        services.AddSingleton<WebexCallLimiter>();
        services.AddTransient<WebexCallLimitHandler>();
        services.AddSingleton<IValidateOptions<MeetingsOptions>, MeetingAttemptLeaseValidator>();
        services.AddSingleton<IValidateOptions<TokenRefreshOptions>, TokenRefreshParallelismValidator>();
        services.AddTransient<WebexCallMetricsHandler>();
        var client = services.AddHttpClient<WebexClient>()
            // Added first, so outermost: a call holds its slot through its read retries, and waiting for a slot is
            // not inside the per-attempt timeout.
            .AddHttpMessageHandler<WebexCallLimitHandler>();
        client.AddResilienceHandler("webex", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<WebexOptions>>().Value;
                // Only reads are retried here. A POST (token exchange, meeting create) is not repeated blindly: a
                // code is single-use, and a create whose outcome is unknown is resolved by the meeting job, which
                // looks the meeting up by its integration tag before trying again.
                pipeline.AddTimeout(options.TotalTimeout);
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    MaxDelay = TimeSpan.FromSeconds(5),
                    ShouldRetryAfterHeader = false,
                };
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddRetry(retry);
                pipeline.AddTimeout(options.AttemptTimeout);
            });
        // Innermost: one measurement per attempt, as Webex saw it.
        client.AddHttpMessageHandler<WebexCallMetricsHandler>();

        services.AddTransient<IWebexOAuth>(sp => sp.GetRequiredService<WebexClient>());
        services.AddTransient<IWebexApi>(sp => sp.GetRequiredService<WebexClient>());
        return services;
    }
}
