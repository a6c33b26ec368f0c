using System.ComponentModel;
using Hangfire;

namespace ZeegWebex.Infrastructure.Notifications;

/// <summary>Hangfire's side of the outbox. Not retried by Hangfire: the dispatcher records every failure on the
/// notice and schedules the retry itself, and the recurring run finds anything a lost job left behind.</summary>
public sealed class OutcomeDeliveryJob(OutcomeNoticeDispatcher dispatcher)
{
    public const string RecurringJobId = "outcome-notices-dispatch";

    [AutomaticRetry(Attempts = 0)]
    [DisplayName("Notify Zeeg: deliver notice {0}")]
    public async Task<string> DeliverAsync(Guid noticeId, CancellationToken cancellationToken) =>
        (await dispatcher.DeliverAsync(noticeId, cancellationToken)).ToString();

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [DisplayName("Notify Zeeg: deliver every due notice")]
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken) =>
        await dispatcher.DeliverDueAsync(cancellationToken);
}
