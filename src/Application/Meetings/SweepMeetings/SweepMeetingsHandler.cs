using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Meetings.SyncMeeting;

namespace ZeegWebex.Application.Meetings.SweepMeetings;

public sealed partial class SweepMeetingsHandler(
    IMeetingRepository meetings, IJobScheduler jobs, IOptions<MeetingsOptions> options, TimeProvider time,
    ILogger<SweepMeetingsHandler> logger)
    : ICommandHandler<SweepMeetingsCommand, int>
{
    public async ValueTask<int> Handle(SweepMeetingsCommand command, CancellationToken cancellationToken)
    {
        // The back-pressure counter is kept in step by every meeting write; recounting it here is the safety net for
        // anything that ever slips past that (a row changed by hand, a bug), so a drift never outlives a sweep.
        var (counted, stored) = await meetings.ReconcileOutstandingCounterAsync(cancellationToken);
        if (counted != stored) LogCounterDrift(stored, counted);

        var due = await meetings.FindDueAsync(time.GetUtcNow() - options.Value.SweepGrace, command.BatchSize, cancellationToken);
        foreach (var id in due) jobs.EnqueueMeetingSync(id);
        var resumed = 0;
        foreach (var id in await meetings.FindWaitingForReconnectWithActiveHostAsync(command.BatchSize, cancellationToken))
        {
            if (await ResumeAsync(id, cancellationToken)) resumed++;
        }

        return due.Count + resumed;
    }

    /// <returns>false when the row changed first (another sweep, a new change by Zeeg): that writer decides.</returns>
    private async Task<bool> ResumeAsync(Guid id, CancellationToken ct)
    {
        var resumed = await OptimisticUpdate.ApplyAsync(meetings, token => meetings.FindAsync(id, token), meeting =>
        {
            if (!meeting.IsWaitingForReconnect) return false;
            meeting.ResumeDelivery(time.GetUtcNow());
            return true;
        }, ct, attempts: 1);
        if (!resumed.Written) return false;
        jobs.EnqueueMeetingSync(resumed.Row!.Id);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outstanding-meetings counter held {Stored} but {Counted} meetings are outstanding; corrected")]
    private partial void LogCounterDrift(int stored, int counted);
}
