using Hangfire;
using ZeegWebex.Infrastructure.Notifications;

namespace ZeegWebex.Infrastructure.Jobs;

/// <summary>Hangfire behind the outbox: the notifier and the dispatcher hand a notice's delivery to the job runner here,
/// so Hangfire's client stays in this folder. Every job queued here is for promptness only: the outbox rows are the
/// source of truth and the recurring dispatcher delivers whatever a lost job left due.</summary>
public sealed class OutcomeDeliveryQueue(IBackgroundJobClient client)
{
    public void Enqueue(Guid noticeId) =>
        client.Enqueue<OutcomeDeliveryJob>(job => job.DeliverAsync(noticeId, CancellationToken.None));

    public void Schedule(Guid noticeId, DateTimeOffset at) =>
        client.Schedule<OutcomeDeliveryJob>(job => job.DeliverAsync(noticeId, CancellationToken.None), at);

    public void EnqueueDueDeliveries() =>
        client.Enqueue<OutcomeDeliveryJob>(job => job.DeliverDueAsync(CancellationToken.None));

    public void ScheduleDueDeliveries(TimeSpan delay) =>
        client.Schedule<OutcomeDeliveryJob>(job => job.DeliverDueAsync(CancellationToken.None), delay);
}
