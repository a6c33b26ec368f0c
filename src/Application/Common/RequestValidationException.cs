namespace ZeegWebex.Application.Common;

/// <summary>A request broke its validator's rules; nothing was done. The Api answers it with a 400 problem.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The request is well-formed but conflicts with the current state (e.g. the host has no Webex connection).</summary>
public sealed class ConflictException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>What the request names does not exist.</summary>
public sealed class NotFoundException(string detail) : Exception(detail);

/// <summary>The service is too far behind to take more work now; the caller should try again after <see cref="RetryAfter"/>.</summary>
public sealed class OverloadedException(string detail, TimeSpan retryAfter) : Exception(detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
