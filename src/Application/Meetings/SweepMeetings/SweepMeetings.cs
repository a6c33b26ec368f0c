using Mediator;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Meetings.SyncMeeting;

namespace ZeegWebex.Application.Meetings.SweepMeetings;

/// <summary>Finds meetings whose work is overdue (their job was lost: a restart on in-memory job storage, a crash)
/// and hands them to the job runner again. Our table, not the job store, says what is outstanding.</summary>
public sealed record SweepMeetingsCommand(int BatchSize = 500) : ICommand<int>;

public sealed class SweepMeetingsHandler(
    IMeetingRepository meetings, IJobScheduler jobs, IOptions<MeetingSyncOptions> options, TimeProvider time)
    : ICommandHandler<SweepMeetingsCommand, int>
{
    public async ValueTask<int> Handle(SweepMeetingsCommand command, CancellationToken cancellationToken)
    {
        var due = await meetings.FindDueAsync(time.GetUtcNow() - options.Value.SweepGrace, command.BatchSize, cancellationToken);
        foreach (var id in due) jobs.EnqueueMeetingSync(id);
        return due.Count;
    }
}
