using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.Bench;

/// <summary>(f) The dashboard list of one host's meetings with Webex answering slowly: one list call (all pages)
/// instead of one read per meeting. Reports the wall time of the first (uncached) and the next (cached) request and
/// the Webex calls each made.</summary>
internal static class DashboardList
{
    public static async Task RunAsync(Report report, int meetings, int latencyMs)
    {
        Console.WriteLine($"(f) dashboard list: {meetings} meetings, +{latencyMs} ms on every Webex call");
        await using var simulator = await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = BenchHost.ClientId;
            o.ClientSecret = BenchHost.ClientSecret;
        });
        await using var host = await BenchHost.StartAsync(simulator);
        const string user = "bench-dashboard-host";
        await host.ConnectAsync(user, "dashboard.host@example.com");
        for (var i = 0; i < meetings; i++)
        {
            using var posted = await host.Client.PostAsJsonAsync("/api/events", BenchHost.Event($"bench-f-{i}", user, i));
            if (posted.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"Event {i} answered {(int)posted.StatusCode}.");
        }

        var waited = Stopwatch.StartNew();
        while (await CreatedAsync(host) < meetings && waited.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(100);

        simulator.State.AddFault(new SimFault("*", SimFaultKind.Latency, DelayMs: latencyMs, Times: 0));
        var from = Uri.EscapeDataString(BenchHost.EventStart(0).AddDays(-1).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(BenchHost.EventStart(meetings).AddDays(1).ToString("O", CultureInfo.InvariantCulture));
        var path = $"/api/users/{user}/webex/meetings?from={from}&to={to}";

        foreach (var label in new[] { "first request (nothing cached)", "next request (30 s cache)" })
        {
            var lists = simulator.State.CallCount(SimOperations.MeetingsList);
            var gets = simulator.State.CallCount(SimOperations.MeetingsGet);
            var started = Stopwatch.GetTimestamp();
            using var response = await host.Client.GetAsync(path);
            var ms = Elapsed.Ms(started);
            var items = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetArrayLength();
            report.Add("f", $"dashboard list of {meetings} at +{latencyMs} ms: {label}",
                $"{Percentiles.Ms(ms)} for {items} meetings; Webex calls: {simulator.State.CallCount(SimOperations.MeetingsList) - lists} list, {simulator.State.CallCount(SimOperations.MeetingsGet) - gets} get",
                label.StartsWith("first", StringComparison.Ordinal) ? $"< {meetings} x {latencyMs} ms = {meetings * latencyMs / 1000.0:0.0} s (one read each)" : "",
                label.StartsWith("first", StringComparison.Ordinal) ? ms < meetings * latencyMs : null);
        }
    }

    private static async Task<int> CreatedAsync(BenchHost host)
    {
        await using var db = new SqliteConnection(host.ConnectionString);
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM webex_meetings WHERE status = $created AND sync_pending = 0";
        query.Parameters.AddWithValue("$created", (int)MeetingStatus.Created);
        return Convert.ToInt32(await query.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
