using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Abstractions;

/// <summary>Webex's OAuth endpoints for our integration.</summary>
public interface IWebexOAuth
{
    Uri BuildAuthorizeUrl(string state, string codeChallenge);

    /// <exception cref="WebexGrantRejectedException">Webex refused the code or refresh token (HTTP 400).</exception>
    /// <exception cref="WebexException">Anything else that went wrong talking to Webex.</exception>
    Task<WebexTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken ct);

    /// <exception cref="WebexGrantRejectedException">The refresh token is expired, revoked or unknown: re-consent needed.</exception>
    Task<WebexTokens> RefreshAsync(string refreshToken, CancellationToken ct);
}

/// <summary>Plaintext tokens fresh from Webex; they live only in memory until sealed.</summary>
public sealed record WebexTokens(string AccessToken, TimeSpan AccessTokenLifetime, string RefreshToken, TimeSpan RefreshTokenLifetime)
{
    // Records print every property; tokens must never reach a log line this way.
    public override string ToString() =>
        $"WebexTokens(access expires in {AccessTokenLifetime}, refresh expires in {RefreshTokenLifetime})";
}

/// <summary>The Webex REST API as the signed-in user.</summary>
public interface IWebexApi
{
    Task<WebexAccount> GetMeAsync(string accessToken, CancellationToken ct);

    Task<WebexMeetingDetails> CreateMeetingAsync(string accessToken, WebexMeetingRequest request, CancellationToken ct);

    /// <returns>null when Webex no longer has the meeting.</returns>
    Task<WebexMeetingDetails?> GetMeetingAsync(string accessToken, string meetingId, CancellationToken ct);

    Task<WebexMeetingDetails> UpdateMeetingAsync(string accessToken, string meetingId, WebexMeetingRequest request, CancellationToken ct);

    /// <summary>Deletes the meeting; a meeting that is already gone counts as deleted.</summary>
    Task DeleteMeetingAsync(string accessToken, string meetingId, CancellationToken ct);

    Task<IReadOnlyList<WebexMeetingDetails>> FindMeetingsByIntegrationTagAsync(string accessToken, string integrationTag, CancellationToken ct);
}

public sealed record WebexMeetingRequest(
    string Title, DateTimeOffset Start, DateTimeOffset End, string TimeZone, string? Agenda,
    IReadOnlyList<string> Invitees, string IntegrationTag, string? Password = null);

public sealed record WebexMeetingDetails(
    string Id, string Title, DateTimeOffset Start, DateTimeOffset End, string? TimeZone, string? State,
    MeetingLocation Location, IReadOnlyList<string> IntegrationTags);

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

/// <summary>Webex answered 400 to a token request: the code or refresh token is no good any more.</summary>
public sealed class WebexGrantRejectedException(string error, string? description, string? trackingId)
    : WebexException($"Webex rejected the grant: {error}", 400, trackingId, isTransient: false)
{
    public string Error { get; } = error;
    public string? Description { get; } = description;
}
