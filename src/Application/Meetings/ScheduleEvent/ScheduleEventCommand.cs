using Mediator;

namespace ZeegWebex.Application.Meetings.ScheduleEvent;

/// <summary>The Zeeg main app scheduled an event with a Webex location: a Webex meeting is to be made for it.
/// <paramref name="Start"/> and <paramref name="End"/> are ISO 8601 text; without an offset they are read in
/// <paramref name="TimeZone"/>.</summary>
public sealed record ScheduleEventCommand(
    string ZeegEventId, string HostZeegUserId, string Title, string? Start, string? End, string TimeZone,
    string? Agenda, IReadOnlyList<string>? Invitees) : ICommand<ScheduleEventResult>, IEventSchedule;
