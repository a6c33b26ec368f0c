using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.UnitTests.Support;

internal sealed class FakeJobScheduler : IJobScheduler
{
    public List<Guid> Enqueued { get; } = [];

    public List<(Guid MeetingId, DateTimeOffset At)> Scheduled { get; } = [];

    public void EnqueueMeetingSync(Guid meetingId) => Enqueued.Add(meetingId);

    /// <summary>Rows handed over with their sync (see <see cref="IJobScheduler.EnqueueMeetingSync(WebexMeeting)"/>).</summary>
    public List<WebexMeeting> HandedOver { get; } = [];

    public void EnqueueMeetingSync(WebexMeeting stored)
    {
        Enqueued.Add(stored.Id);
        HandedOver.Add(stored);
    }

    public void ScheduleMeetingSync(Guid meetingId, DateTimeOffset at) => Scheduled.Add((meetingId, at));
}
