using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Operations;

/// <summary>/metrics: what an operator scrapes (Prometheus text), behind the operators' Basic credentials.</summary>
public sealed partial class MetricsTests : IAsyncLifetime
{
    private ZeegWebhookReceiver _zeeg = null!;
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _zeeg = await ZeegWebhookReceiver.StartAsync();
        _host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>(_zeeg.Settings)
        {
            ["OutcomeWebhook:RetryBaseDelay"] = "00:00:00.200",
            ["OutcomeWebhook:RetryMaxDelay"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _zeeg.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_need_the_operators_credentials()
    {
        using var anonymous = new HttpClient { BaseAddress = _host.BaseAddress };
        (await anonymous.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var viewer = new HttpClient { BaseAddress = _host.BaseAddress };
        viewer.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(ZeegWebexHost.ViewerUser, ZeegWebexHost.ViewerPassword);
        (await viewer.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_scripted_run_shows_its_meetings_webex_calls_429s_and_the_outbox()
    {
        (await BrowserConsent.ConnectAsync(_host, "host-m", "metrics.host@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        // Zeeg is down at first: the outcome webhooks wait in their outbox, and their refusals are counted.
        _zeeg.Refusing = true;
        // The first create is refused with 429 (Retry-After 1 s); it and two more events then get their meetings.
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 429, RetryAfterSeconds: 1));
        foreach (var id in new[] { "evt-m1", "evt-m2", "evt-m3" })
            (await _host.ScheduleAsync(id, "host-m")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        foreach (var id in new[] { "evt-m1", "evt-m2", "evt-m3" })
            await _host.WaitForMeetingAsync(id, "Created");

        // The exporter caches a scrape briefly; wait until it shows this run.
        var text = await Eventually.WaitForAsync(ScrapeAsync, t => Value(t, "zeegwebex_meetings_created_total") >= 3,
            because: "three meetings were created");

        Value(text, "zeegwebex_meetings_retried_total", ("reason", "webex_429")).Should().BeGreaterThanOrEqualTo(1);
        Value(text, "zeegwebex_webex_call_duration_seconds_count", ("operation", "meetings.create"), ("status", "429")).Should().BeGreaterThanOrEqualTo(1);
        Value(text, "zeegwebex_webex_call_duration_seconds_count", ("operation", "meetings.create"), ("status", "200")).Should().BeGreaterThanOrEqualTo(3);
        Value(text, "zeegwebex_outbox_oldest_age_seconds").Should().NotBeNull();
        text = await Eventually.WaitForAsync(ScrapeAsync, t => Value(t, "zeegwebex_outbox_backlog") == 0 && Value(t, "zeegwebex_webhook_backlog") >= 3,
            because: "every meeting is created, and its notice waits for Zeeg");
        Value(text, "zeegwebex_webhook_deliveries_total", ("outcome", "status_503")).Should().BeGreaterThanOrEqualTo(1);
        Value(text, "zeegwebex_webhook_oldest_age_seconds").Should().BeGreaterThan(0, "the waiting notices are overdue while Zeeg refuses them");

        _zeeg.Refusing = false;
        text = await Eventually.WaitForAsync(ScrapeAsync,
            t => Value(t, "zeegwebex_webhook_backlog") == 0 && Value(t, "zeegwebex_webhook_deliveries_total", ("outcome", "delivered")) >= 3,
            because: "Zeeg is back and every notice is delivered");
        Value(text, "zeegwebex_webhook_oldest_age_seconds").Should().Be(0);
        Value(text, "zeegwebex_webex_calls_in_flight").Should().NotBeNull();
        text.Should().Contain("http_server_request_duration_seconds", "ASP.NET Core instrumentation")
            .And.Contain("http_client_request_duration_seconds", "HttpClient instrumentation");
    }

    private async Task<string> ScrapeAsync()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(ZeegWebexHost.OperatorUser, ZeegWebexHost.OperatorPassword);
        var response = await client.GetAsync("/metrics");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples whose labels include all of <paramref name="labels"/>; null when none.</summary>
    private static double? Value(string text, string metric, params (string Name, string Value)[] labels)
    {
        double? sum = null;
        foreach (Match sample in Sample().Matches(text))
        {
            if (sample.Groups["name"].Value != metric) continue;
            var labelText = sample.Groups["labels"].Value;
            if (!labels.All(l => labelText.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal))) continue;
            sum = (sum ?? 0) + double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return sum;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|NaN|\+Inf)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
