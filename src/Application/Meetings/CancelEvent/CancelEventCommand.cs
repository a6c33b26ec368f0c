using Mediator;

namespace ZeegWebex.Application.Meetings.CancelEvent;

/// <summary>The Zeeg event was cancelled: the Webex meeting is deleted. When the host's Webex connection cannot be
/// used, the answer says so at once (CancelNotDelivered): the Webex meeting stays joinable until the host reconnects,
/// and is deleted then.</summary>
public sealed record CancelEventCommand(string ZeegEventId) : ICommand<MeetingView>;
