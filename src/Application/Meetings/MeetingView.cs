using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings;

/// <summary>A Zeeg event's meeting as the Zeeg main app sees it: status and, once created, the location details.
/// Start and end are always expressed in the event's time zone with that zone's offset, whichever answer carries them.</summary>
public sealed record MeetingView(
    string ZeegEventId,
    string HostZeegUserId,
    string Status,
    bool SyncPending,
    string Title,
    DateTimeOffset Start,
    DateTimeOffset End,
    string TimeZone,
    string? Agenda,
    IReadOnlyList<string> Invitees,
    MeetingLocationView? Location,
    string? LastError,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset UpdatedAt)
{
    public static MeetingView From(WebexMeeting m) => new(
        m.ZeegEventId, m.ZeegUserId, m.Status.ToString(), m.SyncPending, m.Schedule.Title,
        EventTimes.InZone(m.Schedule.Start, m.Schedule.TimeZone), EventTimes.InZone(m.Schedule.End, m.Schedule.TimeZone),
        m.Schedule.TimeZone, m.Schedule.Agenda, m.Schedule.Invitees,
        m.Location is null || m.Status == MeetingStatus.Cancelled ? null : MeetingLocationView.From(m.Location),
        m.LastError, m.Attempts, m.NextAttemptAt, m.UpdatedAt);
}
