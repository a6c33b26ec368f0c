using System.ComponentModel;
using Hangfire;
using Mediator;
using ZeegWebex.Application.Meetings.SweepMeetings;

namespace ZeegWebex.Infrastructure.Jobs;

public sealed class MeetingSweepJob(IMediator mediator)
{
    public const string RecurringJobId = "meetings-sweep";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [DisplayName("Re-enqueue outstanding Webex meetings")]
    public async Task<int> RunAsync(CancellationToken cancellationToken) =>
        await mediator.Send(new SweepMeetingsCommand(), cancellationToken);
}
