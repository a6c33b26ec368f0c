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

    [Fact]
    public async Task Concurrent_events_past_the_limit_are_refused_exactly_and_nothing_is_stored_for_them()
    {
        await using var host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["Meetings:MaxOutstanding"] = "5",
            ["Meetings:OverloadRetryAfter"] = "00:00:07",
        });
        (await BrowserConsent.ConnectAsync(host, "host-race", "race@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        var ids = Enumerable.Range(1, 24).Select(i => $"evt-race-{i:00}").ToArray();

        var responses = await Task.WhenAll(ids.Select(async id => (Id: id, Response: await host.ScheduleAsync(id, "host-race"))));

        var accepted = responses.Where(r => r.Response.StatusCode == HttpStatusCode.Accepted).Select(r => r.Id).ToArray();
        var refused = responses.Where(r => r.Response.StatusCode == HttpStatusCode.ServiceUnavailable).ToArray();
        accepted.Should().HaveCount(5, "the limit is exact under concurrency");
        refused.Should().HaveCount(ids.Length - 5, "everything else is refused, nothing fails otherwise");
        refused.Should().OnlyContain(r => r.Response.Headers.RetryAfter!.Delta == TimeSpan.FromSeconds(7));
        (await host.CountRowsAsync("webex_meetings")).Should().Be(5);
        foreach (var (id, _) in refused)
            (await host.Client.GetAsync($"/api/events/{id}/meeting")).StatusCode.Should().Be(HttpStatusCode.NotFound, $"{id} was refused");
    }

    [Fact]
    public async Task A_meeting_that_reaches_webex_frees_its_place_for_a_new_event()
    {
        await using var host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            ["Meetings:MaxOutstanding"] = "1",
        });
        (await BrowserConsent.ConnectAsync(host, "host-free", "free@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.ScheduleAsync("evt-free-1", "host-free")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await host.WaitForMeetingAsync("evt-free-1", "Created");

        (await host.ScheduleAsync("evt-free-2", "host-free")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await host.WaitForMeetingAsync("evt-free-2", "Created");
        (await host.Client.DeleteAsync("/api/events/evt-free-2")).IsSuccessStatusCode.Should().BeTrue();
        await host.WaitForMeetingAsync("evt-free-2", "Cancelled");

        (await host.ScheduleAsync("evt-free-3", "host-free")).StatusCode.Should().Be(HttpStatusCode.Accepted,
            "created and cancelled meetings are no longer outstanding");
    }
}
