namespace ZeegWebex.Application.Abstractions;

/// <summary>Hands work to the background job runner. Our tables stay the source of truth: a lost job is
/// found again by the sweeper.</summary>
public interface IJobScheduler
{
    void EnqueueMeetingSync(Guid meetingId);

    void ScheduleMeetingSync(Guid meetingId, DateTimeOffset at);
}
