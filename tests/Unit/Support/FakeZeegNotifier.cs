using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.UnitTests.Support;

/// <summary>The outbox of notices for Zeeg, as what each notice said when it was written.</summary>
internal sealed class FakeZeegNotifier : IZeegNotifier
{
    private readonly List<MeetingNotice> _meetings = [];
    private readonly List<(string ZeegUserId, string Reason)> _reauthorizations = [];
    private readonly List<(string ZeegUserId, DateTimeOffset RefreshTokenExpiresAt)> _reconnectSoon = [];

    public IReadOnlyList<MeetingNotice> Meetings { get { lock (_meetings) return _meetings.ToArray(); } }

    public IReadOnlyList<(string ZeegUserId, string Reason)> Reauthorizations { get { lock (_reauthorizations) return _reauthorizations.ToArray(); } }

    public IReadOnlyList<(string ZeegUserId, DateTimeOffset RefreshTokenExpiresAt)> ReconnectSoon { get { lock (_reconnectSoon) return _reconnectSoon.ToArray(); } }

    public Task MeetingChangedAsync(WebexMeeting meeting, CancellationToken ct)
    {
        lock (_meetings) _meetings.Add(new MeetingNotice(meeting.ZeegEventId, meeting.Status, meeting.Location?.WebexMeetingId, meeting.LastError));
        return Task.CompletedTask;
    }

    public Task ConnectionNeedsReauthorizationAsync(string zeegUserId, string reason, CancellationToken ct)
    {
        lock (_reauthorizations) _reauthorizations.Add((zeegUserId, reason));
        return Task.CompletedTask;
    }

    public Task ConnectionReconnectSoonAsync(string zeegUserId, DateTimeOffset refreshTokenExpiresAt, CancellationToken ct)
    {
        lock (_reconnectSoon) _reconnectSoon.Add((zeegUserId, refreshTokenExpiresAt));
        return Task.CompletedTask;
    }

    public sealed record MeetingNotice(string ZeegEventId, MeetingStatus Status, string? WebexMeetingId, string? LastError);
}
