namespace ZeegWebex.Application.Abstractions;

/// <summary>A Webex call failed. <see cref="IsTransient"/> tells whether trying again later can help.</summary>
public class WebexException(
    string message, int? statusCode, string? trackingId, bool isTransient, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
    public string? TrackingId { get; } = trackingId;
    public bool IsTransient { get; } = isTransient;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public bool IsUnauthorized => StatusCode == 401;
}
