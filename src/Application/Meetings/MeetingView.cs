using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings;

/// <summary>A Zeeg event's meeting as the Zeeg main app sees it: status and, once created, the location details.</summary>
public sealed record MeetingView(
    string ZeegEventId,
    string HostZeegUserId,
    string Status,
    bool SyncPending,
    string Title,
    DateTimeOffset Start,
    DateTimeOffset End,
    string TimeZone,
    MeetingLocationView? Location,
    string? LastError,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset UpdatedAt)
{
    public static MeetingView From(WebexMeeting m) => new(
        m.ZeegEventId, m.ZeegUserId, m.Status.ToString(), m.SyncPending, m.Schedule.Title, m.Schedule.Start, m.Schedule.End,
        m.Schedule.TimeZone, m.Location is null || m.Status == MeetingStatus.Cancelled ? null : MeetingLocationView.From(m.Location),
        m.LastError, m.Attempts, m.NextAttemptAt, m.UpdatedAt);
}

public sealed record MeetingLocationView(
    string WebexMeetingId,
    string JoinLink,
    string? MeetingNumber,
    string? Password,
    string? SipAddress,
    string? HostKey,
    IReadOnlyList<DialInNumber> DialInNumbers)
{
    public static MeetingLocationView From(MeetingLocation l) =>
        new(l.WebexMeetingId, l.WebLink, l.MeetingNumber, l.Password, l.SipAddress, l.HostKey, l.DialInNumbers);
}
