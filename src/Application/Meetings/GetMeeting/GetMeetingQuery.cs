using Mediator;

namespace ZeegWebex.Application.Meetings.GetMeeting;

public sealed record GetMeetingQuery(string ZeegEventId) : IQuery<MeetingView>;
