using Hangfire;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Infrastructure.Jobs;

/// <summary>Hangfire behind the application's port. Jobs carry only the meeting id; the row says what to do.</summary>
public sealed class HangfireJobScheduler(IBackgroundJobClient client) : IJobScheduler
{
    public void EnqueueMeetingSync(Guid meetingId) =>
        client.Enqueue<MeetingSyncJob>(job => job.RunAsync(meetingId, CancellationToken.None));

    public void ScheduleMeetingSync(Guid meetingId, DateTimeOffset at) =>
        client.Schedule<MeetingSyncJob>(job => job.RunAsync(meetingId, CancellationToken.None), at);
}
