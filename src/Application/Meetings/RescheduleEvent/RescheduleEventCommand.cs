using Mediator;

namespace ZeegWebex.Application.Meetings.RescheduleEvent;

/// <summary>The Zeeg event moved or was renamed: the Webex meeting follows. When the host's Webex connection cannot be
/// used, the answer says so at once (ChangeNotDelivered): the Webex meeting keeps its earlier details until the host
/// reconnects, and is updated then.</summary>
public sealed record RescheduleEventCommand(
    string ZeegEventId, string Title, string? Start, string? End, string TimeZone, string? Agenda,
    IReadOnlyList<string>? Invitees) : ICommand<MeetingView>, IEventSchedule;
