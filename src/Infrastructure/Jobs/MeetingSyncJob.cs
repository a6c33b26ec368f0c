using System.ComponentModel;
using Hangfire;
using Mediator;
using ZeegWebex.Application.Meetings.SweepMeetings;
using ZeegWebex.Application.Meetings.SyncMeeting;

namespace ZeegWebex.Infrastructure.Jobs;

/// <summary>Runs one meeting's sync. Retries are ours (backoff, Retry-After, a Failed status with a reason), not
/// Hangfire's: an exception here is a bug or an outage of our own database, and the sweeper picks the row up again.</summary>
public sealed class MeetingSyncJob(IMediator mediator)
{
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Sync Webex meeting {0}")]
    public async Task RunAsync(Guid meetingId, CancellationToken cancellationToken) =>
        await mediator.Send(new SyncMeetingCommand(meetingId), cancellationToken);
}

public sealed class MeetingSweepJob(IMediator mediator)
{
    public const string RecurringJobId = "meetings-sweep";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [DisplayName("Re-enqueue outstanding Webex meetings")]
    public async Task<int> RunAsync(CancellationToken cancellationToken) =>
        await mediator.Send(new SweepMeetingsCommand(), cancellationToken);
}
