using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Abstractions;

/// <summary>Hands work to the background job runner. Our tables stay the source of truth: a lost job is
/// found again by the sweeper.</summary>
public interface IJobScheduler
{
    void EnqueueMeetingSync(Guid meetingId);

    /// <summary>As <see cref="EnqueueMeetingSync(Guid)"/> for a row the caller has just stored and hands over: a sync
    /// run in this process may start from it instead of reading it back. The caller must not touch it afterwards.</summary>
    void EnqueueMeetingSync(WebexMeeting stored);

    void ScheduleMeetingSync(Guid meetingId, DateTimeOffset at);
}
