namespace ZeegWebex.Application.Common;

/// <summary>The service is too far behind to take more work now; the caller should try again after <see cref="RetryAfter"/>.</summary>
public sealed class OverloadedException(string detail, TimeSpan retryAfter) : Exception(detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
