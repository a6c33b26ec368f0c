using Mediator;

namespace ZeegWebex.Application.Meetings.SyncMeeting;

/// <summary>Bring Webex in line with the stored meeting: create, update or delete it. Run by the background job;
/// safe to run any number of times, concurrently too.</summary>
public sealed record SyncMeetingCommand(Guid MeetingId) : ICommand<SyncMeetingResult>;
