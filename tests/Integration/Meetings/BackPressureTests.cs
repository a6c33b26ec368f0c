using System.Net;
using System.Text.Json;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Meetings;

public sealed class BackPressureTests
{
    [Fact]
    public async Task With_the_backlog_full_new_events_are_refused_with_503_and_retry_after_and_nothing_is_written()
    {
        // No job server: accepted events stay outstanding, so the backlog fills deterministically.
        await using var host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["Meetings:MaxOutstanding"] = "2",
            ["Meetings:OverloadRetryAfter"] = "00:00:20",
        });
        (await BrowserConsent.ConnectAsync(host, "host-bp", "backpressure@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.ScheduleAsync("evt-bp-1", "host-bp")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await host.ScheduleAsync("evt-bp-2", "host-bp")).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var refused = await host.ScheduleAsync("evt-bp-3", "host-bp");
        var repeat = await host.ScheduleAsync("evt-bp-1", "host-bp");

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(20));
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("not stored");
        (await host.CountRowsAsync("webex_meetings")).Should().Be(2);
        repeat.StatusCode.Should().Be(HttpStatusCode.OK, "a repeat of a known event is answered, not refused");
    }
}
