using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using ZeegWebex.Application.Common;
using ZeegWebex.Infrastructure.Jobs;
using ZeegWebex.Infrastructure.Webex;

namespace ZeegWebex.Infrastructure.Observability;

/// <summary>Observable gauges on the "ZeegWebex" meter: the outbox backlog and the age of its oldest due row (one cheap
/// indexed read, at most every <see cref="CacheFor"/> however often /metrics is scraped), the Webex calls in flight and
/// waiting, and the in-process sync dispatcher's queue. Created once at start.</summary>
public sealed partial class ServiceGauges
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly OutboxStats _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger<ServiceGauges> _logger;
    private readonly Lock _gate = new();
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private OutboxReading? _last;

    public ServiceGauges(
        IMeterFactory meters, OutboxStats outbox, WebexCallLimiter limiter, TimeProvider time, ILogger<ServiceGauges> logger,
        MeetingSyncDispatcher? dispatcher = null)
    {
        _outbox = outbox;
        _time = time;
        _logger = logger;
        var meter = meters.Create(ZeegWebexMetrics.MeterName);
        meter.CreateObservableGauge("zeegwebex.outbox.backlog", () => Outbox() is { } o ? [new Measurement<long>(o.MeetingsOutstanding)] : Array.Empty<Measurement<long>>(),
            "{meeting}", "Meetings with work outstanding for Webex (webex_meetings rows pending sync).");
        meter.CreateObservableGauge("zeegwebex.outbox.oldest_age", () => Outbox() is { } o ? [new Measurement<double>(OldestAge(o.OldestMeetingDueAt))] : Array.Empty<Measurement<double>>(),
            "s", "How long the most overdue outstanding meeting has been due (0 when nothing is overdue).");
        meter.CreateObservableGauge("zeegwebex.webhook.backlog", () => Outbox() is { } o ? [new Measurement<long>(o.NoticesWaiting)] : Array.Empty<Measurement<long>>(),
            "{notice}", "Outcome webhooks waiting to be delivered to the Zeeg main app (outcome_notices not yet delivered or given up).");
        meter.CreateObservableGauge("zeegwebex.webhook.oldest_age", () => Outbox() is { } o ? [new Measurement<double>(OldestAge(o.OldestNoticeDueAt))] : Array.Empty<Measurement<double>>(),
            "s", "How long the most overdue waiting outcome webhook has been due (0 when nothing is overdue).");
        meter.CreateObservableGauge("zeegwebex.webex.calls.in_flight", () => limiter.InFlight, "{call}", "Webex calls under way.");
        meter.CreateObservableGauge("zeegwebex.webex.calls.waiting", () => limiter.Waiting, "{call}", "Webex calls waiting for a slot (Webex:MaxConcurrentCalls, per user).");
        if (dispatcher is not null)
        {
            meter.CreateObservableGauge("zeegwebex.dispatcher.active", () => dispatcher.Active, "{sync}", "Meeting syncs running in process.");
            meter.CreateObservableGauge("zeegwebex.dispatcher.queued", () => dispatcher.Queued, "{sync}", "Meeting syncs waiting for the in-process dispatcher.");
        }
    }

    private double OldestAge(DateTimeOffset? oldestDueAt) =>
        oldestDueAt is { } due ? Math.Max(0, (_time.GetUtcNow() - due).TotalSeconds) : 0;

    private OutboxReading? Outbox()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (now - _readAt < CacheFor) return _last;
            _readAt = now;
            try
            {
                // Gauge callbacks are synchronous; the read is a counter, a filtered count and two seeks, cached for a few seconds.
                _last = _outbox.ReadAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                LogReadFailed(e);
                _last = null;
            }

            return _last;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the outbox for the metrics gauges")]
    private partial void LogReadFailed(Exception exception);
}
