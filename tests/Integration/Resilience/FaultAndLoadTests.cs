using System.Net;
using System.Text.Json;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Resilience;

/// <summary>Many events while Webex throws 429s, 5xx, timeouts and "succeeded but answered an error", and the service
/// process is killed mid-run and started again: every event ends with exactly one Webex meeting.</summary>
public sealed class FaultAndLoadTests
{
    private const int Events = 40;
    private const string Host = "load-host";
    private const string Email = "load.host@example.com";

    [Fact]
    public async Task Events_scheduled_through_webex_faults_and_a_process_kill_end_with_exactly_one_meeting_each()
    {
        await using var simulator = await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = ZeegWebexHost.ClientId;
            o.ClientSecret = ZeegWebexHost.ClientSecret;
            o.DailyMeetingQuota = 10_000;
        });
        var dataFolder = Directory.CreateTempSubdirectory("zeegwebex-load-").FullName;
        var service = await ServiceProcess.StartAsync(simulator, dataFolder, settings: Settings);
        var port = service.BaseAddress.Port;
        try
        {
            (await BrowserConsent.ConnectAsync(service.Client, Host, Email)).StatusCode.Should().Be(HttpStatusCode.OK);
            simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 429, RetryAfterSeconds: 1, Times: 4));
            simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 503, Times: 4));
            simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Latency, DelayMs: 1500, Times: 2));
            simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.StatusAfterProcessing, 502, Times: 3));
            simulator.State.AddFault(new SimFault(SimOperations.MeetingsList, SimFaultKind.Status, 500, Times: 1));

            var ids = Enumerable.Range(1, Events).Select(i => $"load-{i:000}").ToArray();
            await ScheduleAsync(service, ids[..(Events / 2)]);

            // Kill the process while its jobs are in flight, and bring it back on the same database and port.
            await service.KillAsync();
            await service.DisposeAsync();
            service = await ServiceProcess.StartAsync(simulator, dataFolder, port, Settings);

            await ScheduleAsync(service, ids[(Events / 2)..]);

            foreach (var id in ids)
            {
                await Eventually.WaitForAsync(
                    () => GetMeetingAsync(service, id),
                    m => m.GetProperty("status").GetString() == "Created" && !m.GetProperty("syncPending").GetBoolean(),
                    TimeSpan.FromSeconds(90),
                    $"{id} to be created");
            }

            var live = simulator.State.Meetings.Where(m => !m.Deleted).ToArray();
            live.Should().HaveCount(Events, "exactly one meeting per event");
            live.Select(m => m.IntegrationTags.Single()).Should().OnlyHaveUniqueItems("no event got two meetings");
            simulator.State.Meetings.Should().HaveCount(Events, "no duplicate was made and deleted either");
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Webex:AttemptTimeout"] = "00:00:01",
        // A call's retries may take Webex's default total: the latency faults outlast the tests' usual 10 s.
        ["Webex:TotalTimeout"] = null,
        ["Meetings:RetryBaseDelay"] = "00:00:00.200",
        ["Meetings:RetryMaxDelay"] = "00:00:02",
        ["Meetings:AttemptLease"] = "00:00:03",
        ["Meetings:SweepGrace"] = "00:00:00",
        ["Meetings:MaxAttempts"] = "50",
    };

    private static async Task ScheduleAsync(ServiceProcess service, IEnumerable<string> ids)
    {
        var responses = await Task.WhenAll(ids.Select(id => service.Client.PostAsJsonAsync("/api/events", EventsApi.Event(id, Host))));
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Accepted);
    }

    private static async Task<JsonElement> GetMeetingAsync(ServiceProcess service, string id) =>
        await service.Client.GetFromJsonAsync<JsonElement>($"/api/events/{id}/meeting");
}
