using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Abstractions;

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
