using Mediator;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings.SyncMeeting;

/// <summary>Bring Webex in line with the stored meeting: create, update or delete it. Run by the background job;
/// safe to run any number of times, concurrently too.</summary>
/// <param name="AsStored">The row as its writer just stored it, handed over in process (see
/// <see cref="Abstractions.IJobScheduler.EnqueueMeetingSync(WebexMeeting)"/>): the sync starts from it instead of reading
/// it back. Only a hint: the claim's version check still decides, and a row changed since is read afresh. (The host's
/// connection is always read after the claim: a disconnect just before it must stop the meeting.)</param>
public sealed record SyncMeetingCommand(Guid MeetingId, WebexMeeting? AsStored = null) : ICommand<SyncMeetingResult>;
