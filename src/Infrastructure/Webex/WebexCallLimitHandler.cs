using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>The outermost handler of the Webex HTTP client: every call (with its read retries) holds a slot of
/// <see cref="WebexCallLimiter"/> while it runs. Outside the timeouts, so waiting for a slot never counts as Webex
/// being slow. Calls are partitioned by a hash of their access token (one Webex user); the token itself is not kept.
/// The wait for a slot is bounded (<see cref="WebexOptions.MaxSlotWait"/>), and a call that could not end before the
/// caller's <see cref="WebexCallDeadline"/> (a meeting attempt's lease) is not started: both fail transiently.</summary>
public sealed class WebexCallLimitHandler(WebexCallLimiter limiter, IOptions<WebexOptions> options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var deadline = WebexCallDeadline.Current;
        var wait = settings.MaxSlotWait;
        if (deadline is { } mustEndBy)
        {
            var leftToStart = mustEndBy - settings.AttemptTimeout - time.GetUtcNow();
            if (leftToStart <= TimeSpan.Zero) throw TooLate();
            if (leftToStart < wait) wait = leftToStart;
        }

        IDisposable slot;
        var partition = request.Headers.Authorization is { Scheme: "Bearer", Parameter: { Length: > 0 } token } ? PartitionOf(token) : null;
        using (var waitLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            waitLimit.CancelAfter(wait);
            try
            {
                slot = await limiter.AcquireAsync(partition, waitLimit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw deadline is not null && wait < settings.MaxSlotWait
                    ? TooLate()
                    : new WebexException(
                        $"No Webex call slot came free within {settings.MaxSlotWait.TotalSeconds:0.#} s (Webex:MaxSlotWait); too many calls are waiting.",
                        null, null, isTransient: true);
            }
        }

        using (slot)
        {
            if (deadline is { } end && time.GetUtcNow() + settings.AttemptTimeout > end) throw TooLate();
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private static WebexException TooLate() => new(
        "The Webex call was not started: it could not end before the attempt's lease (Meetings:AttemptLease) ends.",
        null, null, isTransient: true);

    /// <summary>The limiter's partition for one access token: a hash, so the token itself is not kept.</summary>
    internal static string PartitionOf(string token)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToHexString(hash[..16]);
    }
}
