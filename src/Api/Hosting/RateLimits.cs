using System.Threading.RateLimiting;

namespace ZeegWebex.Api.Hosting;

public static class RateLimits
{
    public const string PublicPages = "public-pages";

    /// <summary>The OAuth callback and help pages are public: cap each client address so they cannot be hammered.</summary>
    public static IServiceCollection AddZeegRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permitsPerMinute = configuration.GetValue("RateLimits:PublicPagesPerMinute", 60);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PublicPages, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return services;
    }
}
