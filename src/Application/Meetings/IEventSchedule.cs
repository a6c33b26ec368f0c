namespace ZeegWebex.Application.Meetings;

/// <summary>What a schedulable Zeeg event must look like; shared by schedule and reschedule. Times arrive as text so
/// a time without an offset can be read in the event's time zone (<see cref="EventTimes"/>).</summary>
public interface IEventSchedule
{
    string Title { get; }
    string? Start { get; }
    string? End { get; }
    string TimeZone { get; }
    string? Agenda { get; }
    IReadOnlyList<string>? Invitees { get; }
}
