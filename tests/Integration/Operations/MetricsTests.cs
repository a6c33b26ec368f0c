using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Operations;

/// <summary>/metrics: what an operator scrapes (Prometheus text), behind the operators' Basic credentials.</summary>
public sealed partial class MetricsTests : IAsyncLifetime
{
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync() => _host = await ZeegWebexHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Metrics_need_the_operators_credentials()
    {
        using var anonymous = new HttpClient { BaseAddress = _host.BaseAddress };
        (await anonymous.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var viewer = new HttpClient { BaseAddress = _host.BaseAddress };
        viewer.DefaultRequestHeaders.Authorization = ApiAuthenticationTests.Basic(ZeegWebexHost.ViewerUser, ZeegWebexHost.ViewerPassword);
        (await viewer.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The service runs as its own process here: meters are process-wide, so in this test process every
    /// other test's host would add to the counts and gauges, as one deployed service per process never sees.</summary>
    [Fact]
    public async Task A_scripted_run_shows_its_meetings_webex_calls_429s_and_both_outboxes()
    {
        const string host = "host-m";
        await using var simulator = await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = ZeegWebexHost.ClientId;
            o.ClientSecret = ZeegWebexHost.ClientSecret;
        });
        var dataFolder = Directory.CreateTempSubdirectory("zeegwebex-metrics-").FullName;
        await using (var seeder = await ZeegWebexHost.StartAsync(new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" }, simulator, dataFolder))
            await seeder.SeedAsync(host, "metrics.host@example.com", accessExpiresIn: TimeSpan.FromDays(10));
        await using var zeeg = await ZeegWebhookReceiver.StartAsync();
        await using var service = await ServiceProcess.StartAsync(simulator, dataFolder, settings:
            new Dictionary<string, string?>(zeeg.Settings)
            {
                ["OutcomeWebhook:RetryBaseDelay"] = "00:00:00.200",
                ["OutcomeWebhook:RetryMaxDelay"] = "00:00:01",
            });

        // Zeeg is down at first: the outcome webhooks wait in their outbox, and its refusals are counted. Webex refuses
        // the first create with 429 (Retry-After 1 s); it and two more events then get their meetings.
        zeeg.Refusing = true;
        simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 429, RetryAfterSeconds: 1));
        string[] ids = ["evt-m1", "evt-m2", "evt-m3"];
        foreach (var id in ids)
            (await service.Client.PostAsJsonAsync("/api/events", EventsApi.Event(id, host))).StatusCode.Should().Be(HttpStatusCode.Accepted);

        // The exporter and the outbox gauges cache briefly; wait until a scrape shows this run.
        var text = await Eventually.WaitForAsync(() => ScrapeAsync(service.BaseAddress),
            t => Value(t, "zeegwebex_meetings_created_total") == 3 && Value(t, "zeegwebex_outbox_backlog") == 0 && Value(t, "zeegwebex_webhook_backlog") == 3,
            TimeSpan.FromSeconds(60), "three meetings created, their notices waiting for Zeeg");
        Value(text, "zeegwebex_meetings_retried_total", ("reason", "webex_429")).Should().Be(1);
        Value(text, "zeegwebex_webex_call_duration_seconds_count", ("operation", "meetings.create"), ("status", "429")).Should().Be(1);
        Value(text, "zeegwebex_webex_call_duration_seconds_count", ("operation", "meetings.create"), ("status", "200")).Should().Be(3);
        Value(text, "zeegwebex_outbox_oldest_age_seconds").Should().Be(0, "no meeting waits");
        Value(text, "zeegwebex_webhook_deliveries_total", ("outcome", "status_503")).Should().BeGreaterThanOrEqualTo(3);
        Value(text, "zeegwebex_webhook_deliveries_total", ("outcome", "delivered")).Should().BeNull("Zeeg took none yet");
        Value(text, "zeegwebex_webex_calls_in_flight").Should().NotBeNull();
        text.Should().Contain("http_server_request_duration_seconds", "ASP.NET Core instrumentation")
            .And.Contain("http_client_request_duration_seconds", "HttpClient instrumentation");

        zeeg.Refusing = false;
        text = await Eventually.WaitForAsync(() => ScrapeAsync(service.BaseAddress),
            t => Value(t, "zeegwebex_webhook_backlog") == 0 && Value(t, "zeegwebex_webhook_deliveries_total", ("outcome", "delivered")) == 3,
            TimeSpan.FromSeconds(60), "Zeeg is back and every notice is delivered, once");
        Value(text, "zeegwebex_webhook_oldest_age_seconds").Should().Be(0);
        zeeg.OfKind("meeting.created").Should().HaveCount(3);
    }

    private static async Task<string> ScrapeAsync(Uri service)
    {
        using var client = new HttpClient { BaseAddress = service };
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
