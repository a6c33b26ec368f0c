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

    /// <summary>Changes title, agenda, times and time zone by merge (PATCH); invitees are not part of an update
    /// (see <see cref="ListInviteesAsync"/>).</summary>
    Task<WebexMeetingDetails> UpdateMeetingAsync(string accessToken, string meetingId, WebexMeetingRequest request, CancellationToken ct);

    /// <summary>Deletes the meeting; a meeting that is already gone counts as deleted.</summary>
    Task DeleteMeetingAsync(string accessToken, string meetingId, CancellationToken ct);

    /// <summary>The meetings carrying <paramref name="integrationTag"/> that start in [<paramref name="from"/>,
    /// <paramref name="to"/>): Webex only searches a date window, so the caller says where to look.</summary>
    Task<IReadOnlyList<WebexMeetingDetails>> FindMeetingsByIntegrationTagAsync(
        string accessToken, string integrationTag, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>The signed-in user's meetings (series) that start in [<paramref name="from"/>, <paramref name="to"/>),
    /// every page of them: one list call instead of one read per meeting.</summary>
    Task<IReadOnlyList<WebexMeetingDetails>> ListMeetingsAsync(string accessToken, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    Task<IReadOnlyList<WebexInvitee>> ListInviteesAsync(string accessToken, string meetingId, CancellationToken ct);

    /// <summary>Invites <paramref name="email"/>; someone already invited counts as invited.</summary>
    Task AddInviteeAsync(string accessToken, string meetingId, string email, CancellationToken ct);

    /// <summary>Removes an invitation; one that is already gone counts as removed.</summary>
    Task RemoveInviteeAsync(string accessToken, string inviteeId, CancellationToken ct);
}

/// <param name="Start">Any offset: the client sends it as local time in <paramref name="TimeZone"/>.</param>
public sealed record WebexMeetingRequest(
    string Title, DateTimeOffset Start, DateTimeOffset End, string TimeZone, string? Agenda,
    IReadOnlyList<string> Invitees, string IntegrationTag);

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
