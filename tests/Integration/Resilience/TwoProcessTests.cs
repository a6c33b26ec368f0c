using System.Net;
using System.Text.Json;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Resilience;

/// <summary>Two service processes on one SQLite database and one Webex keep every promise, even when one of them is
/// killed mid-run and started again: one Webex meeting per event, one refresh per due token, every outcome webhook
/// delivered at least once with a delivery id Zeeg can de-duplicate on.</summary>
public sealed class TwoProcessTests
{
    private const string DueHost = "two-due-host";
    private const string DueEmail = "two.due@example.com";
    private const string OtherHost = "two-other-host";
    private const string OtherEmail = "two.other@example.com";

    [Fact]
    public async Task Two_processes_with_one_killed_mid_run_make_one_meeting_per_event_one_refresh_and_deliver_every_webhook()
    {
        await using var simulator = await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = ZeegWebexHost.ClientId;
            o.ClientSecret = ZeegWebexHost.ClientSecret;
            o.DailyMeetingQuota = 10_000;
        });
        // Zeeg takes a moment over each notice, so deliveries are in flight when a process is killed.
        await using var zeeg = await ZeegWebhookReceiver.StartAsync(answerAfter: TimeSpan.FromMilliseconds(150));
        var dataFolder = Directory.CreateTempSubdirectory("zeegwebex-two-").FullName;
        await SeedConnectionsAsync(simulator, dataFolder);

        var a = await ServiceProcess.StartAsync(simulator, dataFolder, settings: Settings(zeeg));
        var b = await ServiceProcess.StartAsync(simulator, dataFolder, settings: Settings(zeeg));
        var portA = a.BaseAddress.Port;
        try
        {
            var ids = Enumerable.Range(1, 24).Select(i => $"two-{i:00}").ToArray();
            // Webex answers slowly at first, so both processes hold meetings (and the due host's token) in flight.
            simulator.State.AddFault(new SimFault(SimOperations.TokenRefresh, SimFaultKind.Latency, DelayMs: 400, Times: 2));
            simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Latency, DelayMs: 300, Times: 6));
            await ScheduleAsync([a, b], ids[..12]);

            // The due token is refreshed on first use, by whichever process gets its lease; wait until that is stored
            // (the due host has a meeting only once its fresh token was), so the kill below cannot land between
            // Webex spending the grant and our write (nothing could make that exactly-once).
            await Eventually.WaitForAsync(
                () => Task.FromResult(simulator.State.Meetings.Count(m => m.HostEmail == DueEmail)), n => n > 0, TimeSpan.FromSeconds(60),
                "a first meeting of the due host");

            // Move half the events (through either process) and schedule more, then kill A with all that in flight.
            await RescheduleAsync([b, a], ids[..6]);
            await ScheduleAsync([a, b], ids[12..18]);
            await a.KillAsync();
            await a.DisposeAsync();
            await ScheduleAsync([b], ids[18..21]);
            a = await ServiceProcess.StartAsync(simulator, dataFolder, portA, Settings(zeeg));
            await ScheduleAsync([a, b], ids[21..]);

            foreach (var id in ids)
            {
                var moved = Array.IndexOf(ids, id) < 6;
                await Eventually.WaitForAsync(
                    () => GetMeetingAsync(b, id),
                    m => m.GetProperty("status").GetString() == "Created" && !m.GetProperty("syncPending").GetBoolean()
                         && m.GetProperty("title").GetString() == (moved ? "Moved call" : "Intro call"),
                    TimeSpan.FromSeconds(120),
                    $"{id} to be created{(moved ? " and moved" : "")}");
            }

            var webex = simulator.State.Meetings;
            webex.Where(m => !m.Deleted).Should().HaveCount(ids.Length, "exactly one Webex meeting per event");
            webex.Select(m => m.IntegrationTags.Single()).Should().OnlyHaveUniqueItems("no event got a second meeting, not even one deleted again");
            webex.Where(m => m.IntegrationTags.Single() is var tag && ids[..6].Any(id => tag == $"zeeg:{id}"))
                .Should().OnlyContain(m => m.Title == "Moved call", "the moves reached Webex");
            simulator.State.RefreshGrantsUsedBy(DueEmail).Should().Be(1, "two processes spent the due refresh token once");
            simulator.State.RefreshGrantsUsedBy(OtherEmail).Should().Be(0, "a token that is not due is not refreshed");

            // Every event's final state reached Zeeg, at least once; a notice sent twice has one delivery id and one body.
            foreach (var id in ids)
            {
                var moved = Array.IndexOf(ids, id) < 6;
                await zeeg.WaitForAsync("meeting.created", n =>
                    n.GetProperty("meeting").GetProperty("zeegEventId").GetString() == id
                    && n.GetProperty("meeting").GetProperty("title").GetString() == (moved ? "Moved call" : "Intro call"));
            }

            // Notices a killed process was holding come back once their lease ends; wait for the outbox to drain.
            await Eventually.WaitForAsync(
                () => CountAsync(dataFolder, "SELECT COUNT(*) FROM outcome_notices WHERE delivered_at IS NULL"), n => n == 0,
                TimeSpan.FromSeconds(90), "every outcome notice to be delivered");
            var deliveries = zeeg.Deliveries;
            deliveries.Should().OnlyContain(d => d.Header == d.Body.GetProperty("deliveryId").GetString(), "header and body name the same delivery");
            foreach (var repeat in deliveries.GroupBy(d => d.Header).Where(g => g.Count() > 1))
                repeat.Select(d => d.Body.GetRawText()).Distinct().Should().ContainSingle($"delivery {repeat.Key} was repeated with the same body");
            var received = deliveries.Select(d => d.Header).Distinct().ToList();
            received.Where(h => !Guid.TryParse(h, out var _)).Should().BeEmpty("delivery ids are GUIDs");
            var stored = await StoredNoticeIdsAsync(dataFolder);
            stored.Should().BeEquivalentTo(received, "every stored notice reached Zeeg, and Zeeg got nothing else");
            (await CountAsync(dataFolder, "SELECT outstanding FROM meeting_backlog")).Should().Be(0, "the back-pressure counter followed every change");
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    /// <summary>Both hosts connected two days ago; the due one's access token ends within the meeting job's refresh
    /// window, the other's in ten days.</summary>
    private static async Task SeedConnectionsAsync(RunningWebexSimulator simulator, string dataFolder)
    {
        await using var seeder = await ZeegWebexHost.StartAsync(new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" }, simulator, dataFolder);
        await seeder.SeedAsync(DueHost, DueEmail, accessExpiresIn: TimeSpan.FromHours(1));
        await seeder.SeedAsync(OtherHost, OtherEmail, accessExpiresIn: TimeSpan.FromDays(10));
    }

    /// <summary>Over <see cref="HostSettings"/>: Zeeg's webhook, short leases and retries, both processes sweeping.</summary>
    private static Dictionary<string, string?> Settings(ZeegWebhookReceiver zeeg) => new()
    {
        ["Webex:AttemptTimeout"] = "00:00:02",
        ["OutcomeWebhook:Url"] = zeeg.Url,
        ["OutcomeWebhook:Secret"] = ZeegWebhookReceiver.Secret,
        ["OutcomeWebhook:Timeout"] = "00:00:02",
        ["OutcomeWebhook:DeliveryLease"] = "00:00:03",
        ["OutcomeWebhook:RetryBaseDelay"] = "00:00:00.200",
        ["Meetings:AccessTokenRefreshWindow"] = "02:00:00",
        ["Meetings:RetryBaseDelay"] = "00:00:00.200",
        ["Meetings:RetryMaxDelay"] = "00:00:02",
        ["Meetings:AttemptLease"] = "00:00:05",
        ["Meetings:SweepGrace"] = "00:00:00",
        ["Meetings:MaxAttempts"] = "50",
        ["TokenRefresh:LeaseDuration"] = "00:00:10",
        ["TokenRefresh:LeaseWait"] = "00:00:05",
        // Both processes also sweep for due tokens every minute, racing the on-demand refresh.
        ["Jobs:TokenRefreshCron"] = "* * * * *",
    };

    private static async Task ScheduleAsync(ServiceProcess[] services, IEnumerable<string> ids)
    {
        var responses = await Task.WhenAll(ids.Select((id, i) =>
            services[i % services.Length].Client.PostAsJsonAsync("/api/events", EventsApi.Event(id, Host(id)))));
        foreach (var response in responses)
            response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private static async Task RescheduleAsync(ServiceProcess[] services, IEnumerable<string> ids)
    {
        var responses = await Task.WhenAll(ids.Select((id, i) => services[i % services.Length].Client.PutAsJsonAsync($"/api/events/{id}", new
        {
            title = "Moved call",
            start = EventsApi.Start.AddHours(2),
            end = EventsApi.Start.AddHours(2).AddMinutes(30),
            timeZone = "Europe/Berlin",
            agenda = "Talk about the project",
            invitees = new[] { "guest@example.org" },
        })));
        foreach (var response in responses)
            response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    // Every other event is the due host's, so both processes need its token at once.
    private static string Host(string id) => int.Parse(id[^2..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? OtherHost : DueHost;

    private static async Task<JsonElement> GetMeetingAsync(ServiceProcess service, string id) =>
        await service.Client.GetFromJsonAsync<JsonElement>($"/api/events/{id}/meeting");

    private static async Task<List<string>> StoredNoticeIdsAsync(string dataFolder)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataFolder, "zeegwebex.db")}");
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = "SELECT id FROM outcome_notices";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    private static async Task<long> CountAsync(string dataFolder, string sql)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataFolder, "zeegwebex.db")}");
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
