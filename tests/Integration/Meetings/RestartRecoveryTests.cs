using System.Net;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Meetings;

public sealed class RestartRecoveryTests
{
    [Fact]
    public async Task Pending_meetings_whose_jobs_died_with_the_process_are_created_after_a_restart()
    {
        await using var simulator = await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = ZeegWebexHost.ClientId;
            o.ClientSecret = ZeegWebexHost.ClientSecret;
        });
        var dataFolder = Directory.CreateTempSubdirectory("zeegwebex-restart-").FullName;

        // First life: no job server runs, so the events are accepted (rows stored) but their jobs never execute and
        // vanish with the in-memory job storage when the process ends.
        await using (var first = await ZeegWebexHost.StartAsync(
                         new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" }, simulator, dataFolder))
        {
            (await BrowserConsent.ConnectAsync(first, "host-r", "restart.host@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
            foreach (var id in new[] { "evt-r1", "evt-r2", "evt-r3" })
                (await first.ScheduleAsync(id, "host-r")).StatusCode.Should().Be(HttpStatusCode.Accepted);
            (await first.GetMeetingAsync("evt-r1")).GetProperty("status").GetString().Should().Be("Pending");
        }

        simulator.State.Meetings.Should().BeEmpty();

        // Second life on the same database: the start-up sweep finds the outstanding rows.
        await using var second = await ZeegWebexHost.StartAsync(
            new Dictionary<string, string?> { ["Meetings:SweepGrace"] = "00:00:00" }, simulator, dataFolder);
        foreach (var id in new[] { "evt-r1", "evt-r2", "evt-r3" })
            await second.WaitForMeetingAsync(id, "Created");
        simulator.State.Meetings.Should().HaveCount(3);
        simulator.State.Meetings.Select(m => m.IntegrationTags.Single()).Should().OnlyHaveUniqueItems();
    }
}
