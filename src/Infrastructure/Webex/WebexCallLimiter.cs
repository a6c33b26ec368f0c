using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>Bounds the Webex calls in flight in this process: API calls at most <see cref="WebexOptions.MaxConcurrentCalls"/>
/// overall and <see cref="WebexOptions.MaxConcurrentCallsPerUser"/> per access token (one Webex user); token-endpoint
/// calls (made as no user) at most <see cref="WebexOptions.MaxConcurrentTokenCalls"/>, apart, so a refresh sweep never
/// holds the slots meetings are made with. An API call first waits for its user's slot and only then for an overall
/// one, so a user whose calls queue up never holds overall slots while waiting. Independent of how many job workers or
/// dispatch loops make calls.</summary>
public sealed class WebexCallLimiter : IDisposable
{
    private readonly ConcurrencyLimiter _overall;
    private readonly ConcurrencyLimiter _tokenCalls;
    private readonly PartitionedRateLimiter<string> _perUser;
    private int _inFlight;
    private int _peakInFlight;
    private int _waiting;

    public WebexCallLimiter(IOptions<WebexOptions> options)
    {
        var o = options.Value;
        _overall = new ConcurrencyLimiter(OldestFirst(o.MaxConcurrentCalls));
        _tokenCalls = new ConcurrencyLimiter(OldestFirst(o.MaxConcurrentTokenCalls));
        var perUser = OldestFirst(o.MaxConcurrentCallsPerUser);
        _perUser = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetConcurrencyLimiter(user, _ => perUser));
    }

    /// <summary>Every limit here: calls beyond it wait, however many, and get their slot in the order they came.</summary>
    private static ConcurrencyLimiterOptions OldestFirst(int permits) => new()
    {
        PermitLimit = permits, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };

    /// <summary>Webex calls under way now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most calls ever under way at once since start (or <see cref="ResetPeak"/>).</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    /// <summary>Calls waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public void ResetPeak() => Volatile.Write(ref _peakInFlight, InFlight);

    /// <summary>Waits for a slot; disposing the answer frees it.</summary>
    /// <param name="user">The partition (a hash of the access token), or null for calls made as no user (OAuth token
    /// calls), which count against the token-call limit instead of the overall one.</param>
    public async ValueTask<IDisposable> AcquireAsync(string? user, CancellationToken ct)
    {
        Interlocked.Increment(ref _waiting);
        RateLimitLease? userLease = null;
        RateLimitLease? overallLease = null;
        try
        {
            if (user is not null)
            {
                userLease = await _perUser.AcquireAsync(user, 1, ct);
                if (!userLease.IsAcquired) throw new InvalidOperationException("The per-user Webex call limiter refused a call.");
            }

            overallLease = await (user is null ? _tokenCalls : _overall).AcquireAsync(1, ct);
            if (!overallLease.IsAcquired) throw new InvalidOperationException("The Webex call limiter refused a call.");
        }
        catch
        {
            overallLease?.Dispose();
            userLease?.Dispose();
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        var now = Interlocked.Increment(ref _inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, now, peak) != peak)
        {
        }

        return new Slot(this, userLease, overallLease);
    }

    public void Dispose()
    {
        _overall.Dispose();
        _tokenCalls.Dispose();
        _perUser.Dispose();
    }

    private sealed class Slot(WebexCallLimiter owner, RateLimitLease? user, RateLimitLease overall) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            Interlocked.Decrement(ref owner._inFlight);
            overall.Dispose();
            user?.Dispose();
        }
    }
}
