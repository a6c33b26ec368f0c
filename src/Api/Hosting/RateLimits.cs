using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ZeegWebex.Api.Hosting;

public static class RateLimits
{
    public const string PublicPages = "public-pages";

    /// <summary>The OAuth callback and help pages are public: cap each client address so they cannot be hammered.</summary>
    public static IServiceCollection AddZeegRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<RateLimitsOptions, RateLimitsOptionsValidator>().Bind(configuration.GetSection(RateLimitsOptions.Section));
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitsOptions>>((options, limits) =>
        {
            var permitsPerMinute = limits.Value.PublicPagesPerMinute;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PublicPages, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        services.AddRateLimiter(_ => { });
        return services;
    }
}
