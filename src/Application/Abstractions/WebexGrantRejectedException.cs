namespace ZeegWebex.Application.Abstractions;

/// <summary>Webex answered 400 to a token request: the code or refresh token is no good any more.</summary>
public sealed class WebexGrantRejectedException(string error, string? description, string? trackingId)
    : WebexException($"Webex rejected the grant: {error}", 400, trackingId, isTransient: false)
{
    public string Error { get; } = error;
    public string? Description { get; } = description;
}
