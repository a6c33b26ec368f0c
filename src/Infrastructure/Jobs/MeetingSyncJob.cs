using System.ComponentModel;
using Hangfire;
using Mediator;
using ZeegWebex.Application.Meetings.SyncMeeting;

namespace ZeegWebex.Infrastructure.Jobs;

/// <summary>Runs one meeting's sync. Webex failures are retried by the handler itself (backoff, Retry-After, a Failed
/// status with a reason); an exception here is our own trouble (e.g. the database was briefly unavailable), which
/// Hangfire retries a few times quickly — safe, because the handler claims the row before it acts. After that the
/// sweeper still finds the row.</summary>
public sealed class MeetingSyncJob(IMediator mediator)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [1, 5, 30], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Sync Webex meeting {0}")]
    // The returned text is the job's result in the dashboard: operators see why a meeting failed or when it retries.
    public async Task<string> RunAsync(Guid meetingId, CancellationToken cancellationToken) =>
        (await mediator.Send(new SyncMeetingCommand(meetingId), cancellationToken)).ToString();

    /// <summary>A sync run by <see cref="MeetingSyncDispatcher"/> that ended Failed: recorded as a job so operators read
    /// the reason in the dashboard, as for a sync Hangfire ran. Does nothing else.</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Webex meeting {0} ended")]
    public string RecordOutcome(Guid meetingId, string outcome) => outcome;
}
