namespace ZeegWebex.Application.Meetings.ScheduleEvent;

/// <param name="Accepted">false when the event was already known: the same request twice makes one meeting.</param>
public sealed record ScheduleEventResult(MeetingView Meeting, bool Accepted);
