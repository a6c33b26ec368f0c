using Mediator;

namespace ZeegWebex.Application.Meetings.GetMeetingHost;

/// <summary>The host-only details of an event's Webex meeting (the host key). The caller shows them to the host alone.</summary>
public sealed record GetMeetingHostQuery(string ZeegEventId) : IQuery<MeetingHostView>;
