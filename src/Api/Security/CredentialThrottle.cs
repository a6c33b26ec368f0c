using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ZeegWebex.Api.Security;

/// <summary>
/// What makes refusing a bad credential cheap: per-address failure limits for /api and /hangfire, and a global cap on
/// operator password checks. A refusal is decided in the authentication handler and written by its challenge as
/// RFC 9457 problem+json: 429 with Retry-After when the address has failed too often, 503 with Retry-After when
/// every password-check slot is busy.
/// </summary>
public sealed class CredentialThrottle : IDisposable
{
    private static readonly object RefusalKey = new();

    private readonly SemaphoreSlim _passwordChecks;
    private long _passwordCheckTicks = TimeSpan.FromMilliseconds(150).Ticks;

    public CredentialThrottle(IOptions<CredentialLimitsOptions> options, TimeProvider time)
    {
        var limits = options.Value;
        Api = new FailedCredentialLimiter(time, limits.FailedApiCredentials, limits.Window);
        Operators = new FailedCredentialLimiter(time, limits.FailedOperatorLogins, limits.Window);
        _passwordChecks = new SemaphoreSlim(limits.ConcurrentPasswordChecks, limits.ConcurrentPasswordChecks);
    }

    public FailedCredentialLimiter Api { get; }

    public FailedCredentialLimiter Operators { get; }

    /// <summary>How long a password check has recently taken: an unknown operator name waits this long (without
    /// spending CPU), so the answer's timing does not say which names exist.</summary>
    public TimeSpan TypicalPasswordCheck => TimeSpan.FromTicks(Interlocked.Read(ref _passwordCheckTicks));

    /// <summary>Takes a password-check slot without waiting; null when all are busy.</summary>
    public IDisposable? TryEnterPasswordCheck() => _passwordChecks.Wait(0) ? new Slot(this) : null;

    /// <summary>Whether a slot is free now, without taking it: an unknown name is refused the same way a known one would be.</summary>
    public bool PasswordCheckAvailable => _passwordChecks.CurrentCount > 0;

    public void RecordPasswordCheck(TimeSpan took)
    {
        // An exponentially weighted average: follows the machine's speed without jumping on one slow check.
        var previous = Interlocked.Read(ref _passwordCheckTicks);
        Interlocked.Exchange(ref _passwordCheckTicks, previous + (took.Ticks - previous) / 8);
    }

    /// <summary>The client a failure is counted against: the remote address, IPv4-mapped addresses as IPv4, IPv6 by
    /// its /64 (one host usually holds a whole /64, so single addresses would be free to rotate).</summary>
    public static string ClientOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public static void Refuse(HttpContext context, int status, TimeSpan retryAfter) =>
        context.Items[RefusalKey] = (status, retryAfter);

    /// <summary>Writes the refusal decided during authentication, if any; false when the usual 401 should follow.</summary>
    public static async Task<bool> TryWriteRefusalAsync(HttpContext context)
    {
        if (context.Items[RefusalKey] is not ValueTuple<int, TimeSpan> refusal) return false;
        var (status, retryAfter) = refusal;
        context.Response.StatusCode = status;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            statusCode: status,
            title: status == StatusCodes.Status429TooManyRequests ? "Too many failed sign-ins" : "Too many sign-ins at once",
            detail: status == StatusCodes.Status429TooManyRequests
                ? "This client sent too many invalid credentials; try again after the time in Retry-After."
                : "Every password check is busy; try again after the time in Retry-After.").ExecuteAsync(context);
        return true;
    }

    public void Dispose() => _passwordChecks.Dispose();

    private sealed class Slot(CredentialThrottle owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) owner._passwordChecks.Release();
        }
    }
}
