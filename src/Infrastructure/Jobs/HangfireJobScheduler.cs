using Hangfire;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Meetings.SyncMeeting;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Infrastructure.Jobs;

/// <summary>Hangfire behind the application's port. Jobs carry only the meeting id; the row says what to do. A sync due
/// now goes to the in-process <see cref="MeetingSyncDispatcher"/> where this process runs the job server (many at once,
/// bounded by Webex's limits rather than by Hangfire's workers); on a pure API node, or when the dispatcher is full,
/// it is a Hangfire job. Syncs due later (retries) are Hangfire's delayed jobs.</summary>
public sealed class HangfireJobScheduler(IBackgroundJobClient client, MeetingSyncDispatcher? dispatcher = null) : IJobScheduler
{
    public void EnqueueMeetingSync(Guid meetingId) => Enqueue(new SyncMeetingCommand(meetingId));

    /// <summary>In process the row travels with the id; a Hangfire job carries the id alone and reads the row.</summary>
    public void EnqueueMeetingSync(WebexMeeting stored) => Enqueue(new SyncMeetingCommand(stored.Id, stored));

    private void Enqueue(SyncMeetingCommand sync)
    {
        if (dispatcher?.TryDispatch(sync) == true) return;
        var meetingId = sync.MeetingId;
        client.Enqueue<MeetingSyncJob>(job => job.RunAsync(meetingId, CancellationToken.None));
    }

    public void ScheduleMeetingSync(Guid meetingId, DateTimeOffset at) =>
        client.Schedule<MeetingSyncJob>(job => job.RunAsync(meetingId, CancellationToken.None), at);
}
