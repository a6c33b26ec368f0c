using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.UnitTests.Support;

internal sealed class FakeJobScheduler : IJobScheduler
{
    public List<Guid> Enqueued { get; } = [];

    public List<(Guid MeetingId, DateTimeOffset At)> Scheduled { get; } = [];

    public void EnqueueMeetingSync(Guid meetingId) => Enqueued.Add(meetingId);

    public void EnqueueMeetingSync(WebexMeeting stored) => Enqueued.Add(stored.Id);

    public void ScheduleMeetingSync(Guid meetingId, DateTimeOffset at) => Scheduled.Add((meetingId, at));
}
