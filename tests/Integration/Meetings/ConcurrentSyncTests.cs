using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Infrastructure.Webex;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Meetings;

/// <summary>Meetings are made many at once, bounded by the Webex call limits, not by Hangfire's worker count.</summary>
public sealed class ConcurrentSyncTests
{
    [Fact]
    public async Task One_hangfire_worker_still_has_several_webex_calls_in_flight_and_one_host_never_more_than_its_limit()
    {
        await using var host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            ["Jobs:WorkerCount"] = "1",
            ["Webex:MaxConcurrentCalls"] = "16",
            ["Webex:MaxConcurrentCallsPerUser"] = "3",
        });
        (await BrowserConsent.ConnectAsync(host, "host-c1", "c1@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await BrowserConsent.ConnectAsync(host, "host-c2", "c2@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        var limiter = host.Services.GetRequiredService<WebexCallLimiter>();
        host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Latency, DelayMs: 400, Times: 0));
        limiter.ResetPeak();

        var events = Enumerable.Range(0, 10).Select(i => (Id: $"evt-cc-{i}", Host: "host-c1")).ToArray();
        foreach (var (id, hostUser) in events)
            (await host.ScheduleAsync(id, hostUser)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        foreach (var (id, _) in events) await host.WaitForMeetingAsync(id, "Created");

        limiter.PeakInFlight.Should().BeInRange(2, 3, "one host's calls are capped at its limit, and more than one Hangfire worker's worth ran at once");
        host.Simulator.State.Meetings.Should().HaveCount(10);
        host.Simulator.State.Meetings.Select(m => m.IntegrationTags.Single()).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Call_limits_out_of_range_are_refused_at_start()
    {
        var start = () => ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            ["Webex:MaxConcurrentCalls"] = "4",
            ["Webex:MaxConcurrentCallsPerUser"] = "8",
        });

        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("Webex:MaxConcurrentCallsPerUser");
    }
}
