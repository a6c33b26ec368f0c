using System.Diagnostics.Metrics;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Application.Common;

/// <summary>The service's own counters, on the "ZeegWebex" meter (exported at /metrics). Tags are small, fixed sets
/// (a reason kind, a status code), never ids or free text, so the series stay few.</summary>
public sealed class ZeegWebexMetrics
{
    public const string MeterName = "ZeegWebex";

    private readonly Counter<long> _meetingsCreated;
    private readonly Counter<long> _meetingsFailed;
    private readonly Counter<long> _meetingsRetried;
    private readonly Counter<long> _tokenRefreshes;
    private readonly Counter<long> _webhookDeliveries;

    public ZeegWebexMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _meetingsCreated = meter.CreateCounter<long>("zeegwebex.meetings.created", "{meeting}", "Webex meetings created (or adopted) for Zeeg events.");
        _meetingsFailed = meter.CreateCounter<long>("zeegwebex.meetings.failed", "{meeting}", "Meetings that ended Failed, by reason.");
        _meetingsRetried = meter.CreateCounter<long>("zeegwebex.meetings.retried", "{attempt}", "Meeting attempts that failed transiently and were rescheduled, by reason.");
        _tokenRefreshes = meter.CreateCounter<long>("zeegwebex.token.refreshes", "{refresh}", "Webex token refreshes, by outcome.");
        _webhookDeliveries = meter.CreateCounter<long>("zeegwebex.webhook.deliveries", "{delivery}", "Outcome webhooks sent to the Zeeg main app, by outcome.");
    }

    public void MeetingCreated() => _meetingsCreated.Add(1);

    public void MeetingFailed(string reason) => _meetingsFailed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void MeetingRetried(string reason) => _meetingsRetried.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void TokenRefresh(string outcome) => _tokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Due connections a sweep left for its next run because Webex answered 429 (outcome "Deferred").</summary>
    public void TokenRefreshesDeferred(int count) => _tokenRefreshes.Add(count, new KeyValuePair<string, object?>("outcome", "Deferred"));

    public void WebhookDelivery(string outcome) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A reason kind for a Webex failure: the status ("webex_429", "webex_503") or "webex_unreachable".</summary>
    public static string ReasonOf(WebexException failure) =>
        failure.StatusCode is { } status ? "webex_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "webex_unreachable";
}
