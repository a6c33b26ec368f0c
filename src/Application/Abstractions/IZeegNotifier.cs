using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Abstractions;

/// <summary>Tells the Zeeg main app what became of a meeting or a connection (the outgoing webhook).</summary>
public interface IZeegNotifier
{
    Task MeetingChangedAsync(WebexMeeting meeting, CancellationToken ct);

    Task ConnectionNeedsReauthorizationAsync(string zeegUserId, string reason, CancellationToken ct);

    /// <summary>The connection still works, but its refresh token ends at <paramref name="refreshTokenExpiresAt"/> and
    /// refreshing no longer extends it: the user should reconnect before then.</summary>
    Task ConnectionReconnectSoonAsync(string zeegUserId, DateTimeOffset refreshTokenExpiresAt, CancellationToken ct);
}
