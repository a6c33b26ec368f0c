using System.Security.Cryptography;
using System.Text;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>The outermost handler of the Webex HTTP client: every call (with its read retries) holds a slot of
/// <see cref="WebexCallLimiter"/> while it runs. Outside the timeouts, so waiting for a slot never counts as Webex
/// being slow. Calls are partitioned by a hash of their access token (one Webex user); the token itself is not kept.</summary>
public sealed class WebexCallLimitHandler(WebexCallLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var slot = await limiter.AcquireAsync(PartitionOf(request), cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    private static string? PartitionOf(HttpRequestMessage request)
    {
        if (request.Headers.Authorization is not { Scheme: "Bearer", Parameter: { Length: > 0 } token }) return null;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToHexString(hash[..16]);
    }
}
