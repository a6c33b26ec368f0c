using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>The innermost handler of the Webex HTTP client: records every attempt's duration with its operation
/// (meetings.create, token.refresh_token, ...) and status (the HTTP code, or "timeout"/"error"), so 429s and 5xx
/// show per operation at /metrics. Waiting for a call slot is not included (see <see cref="WebexCallLimitHandler"/>).</summary>
public sealed class WebexCallMetricsHandler : DelegatingHandler
{
    /// <summary>Set by <see cref="WebexClient"/> on each request: the operation's name.</summary>
    public static readonly HttpRequestOptionsKey<string> Operation = new("zeegwebex.webex.operation");

    private readonly Histogram<double> _duration;

    public WebexCallMetricsHandler(IMeterFactory meters)
    {
        _duration = meters.Create(ZeegWebexMetrics.MeterName).CreateHistogram<double>(
            "zeegwebex.webex.call.duration", "s", "Duration of each HTTP attempt to Webex, by operation and status.");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = request.Options.TryGetValue(Operation, out var name) ? name : "other";
        var started = Stopwatch.GetTimestamp();
        var status = "error";
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            return response;
        }
        catch (OperationCanceledException)
        {
            status = "timeout";
            throw;
        }
        finally
        {
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("status", status));
        }
    }
}
