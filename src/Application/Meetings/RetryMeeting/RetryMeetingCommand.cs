using Mediator;

namespace ZeegWebex.Application.Meetings.RetryMeeting;

/// <summary>The Zeeg user asks to try a Failed meeting again (after a Webex outage, a reconnect, a refusal that has
/// been dealt with): it goes back to the outbox with its stored schedule.</summary>
public sealed record RetryMeetingCommand(string ZeegEventId) : ICommand<MeetingView>;
