using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Bench;

/// <summary>(c) Events posted as fast as the embedded default accepts them, by a fixed number of concurrent
/// clients, then every accepted event followed until its meeting is Created; the simulator's meetings are then
/// matched one to one against the accepted events (nothing lost, nothing made twice).</summary>
internal static class SustainedLoad
{
    public static async Task RunAsync(Report report, TimeSpan duration, int clients, int hosts, TimeSpan drainLimit)
    {
        Console.WriteLine($"(c) sustained load: {clients} concurrent clients for {duration.TotalSeconds:0} s, {hosts} connected hosts");
        await using var simulator = await BenchHost.StartSimulatorAsync();
        await using var host = await BenchHost.StartAsync(simulator);
        var hostIds = Enumerable.Range(0, hosts).Select(h => $"bench-load-host-{h}").ToArray();
        for (var h = 0; h < hosts; h++) await host.ConnectAsync(hostIds[h], $"load.host{h}@example.com");

        var loadStartedAt = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, clients).Select(c => ClientAsync(host, c, hostIds, started, duration)).ToArray();
        var outcomes = await Task.WhenAll(workers);
        var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var atEndOfLoad = await CountAsync(host);

        var accepted = outcomes.SelectMany(o => o.Accepted).ToList();
        var refused = outcomes.SelectMany(o => o.Refused).GroupBy(s => s).Select(g => $"{g.Count()} x {g.Key}").ToList();
        var accept = Percentiles.Of(outcomes.SelectMany(o => o.AcceptMs));

        // Bounded: a backlog that does not drain in time is reported as such, not waited for.
        var drainStarted = Stopwatch.GetTimestamp();
        var counts = atEndOfLoad;
        while (counts.Created + counts.Failed < accepted.Count && Stopwatch.GetElapsedTime(drainStarted) < drainLimit)
        {
            await Task.Delay(200);
            counts = await CountAsync(host);
        }
        // Retries of our own (duplicate jobs from the sweeper, a lost compare-and-swap) would show as extra meetings
        // at the simulator, so give stragglers a moment before counting them.
        await Task.Delay(500);
        counts = await CountAsync(host);

        var meetings = simulator.State.Meetings;
        var tags = meetings.Select(m => m.IntegrationTags.FirstOrDefault() ?? "").ToList();
        var expected = accepted.Select(WebexMeeting.IntegrationTagFor).ToHashSet(StringComparer.Ordinal);
        var distinct = tags.ToHashSet(StringComparer.Ordinal);
        var duplicates = tags.Count - distinct.Count;
        var missing = expected.Count(t => !distinct.Contains(t));
        var unexpected = distinct.Count(t => !expected.Contains(t));
        var drainSeconds = counts.LastCreatedAt is { } last ? (last - loadStartedAt).TotalSeconds : double.NaN;
        var latency = await CreatedLatenciesAsync(host);
        var hangfire = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics();

        report.Add("c", "events accepted (202)", $"{accepted.Count:N0} in {loadSeconds:0.0} s = {Report.Number(accepted.Count / loadSeconds, "N1")}/s");
        if (refused.Count > 0) report.Add("c", "events refused", string.Join(", ", refused));
        report.Add("c", "POST /api/events under load", accept.ToString());
        report.Add("c", "meetings Created during the load window",
            $"{atEndOfLoad.Created:N0} = {Report.Number(atEndOfLoad.Created / loadSeconds, "N1")}/s (backlog at end: {accepted.Count - atEndOfLoad.Created:N0})");
        report.Add("c", "meetings Created overall (until the last one)",
            $"{counts.Created:N0} in {drainSeconds:0.0} s = {Report.Number(counts.Created / drainSeconds, "N1")}/s; {counts.Failed} Failed");
        report.Add("c", "schedule -> Created under load (row created_at -> updated_at)", latency.ToString());
        report.Add("c", "Hangfire jobs run (all kinds, incl. the sweeper's re-enqueues)",
            $"{hangfire.Succeeded:N0} succeeded, {hangfire.Failed:N0} failed, for {accepted.Count:N0} events");
        report.Add("c", "Webex meetings at the simulator vs events accepted",
            $"{meetings.Count:N0} vs {accepted.Count:N0} (duplicates {duplicates}, missing {missing}, unexpected {unexpected})",
            "equal, 0 duplicates, 0 missing",
            meetings.Count == accepted.Count && duplicates == 0 && missing == 0 && unexpected == 0 && counts.Created == accepted.Count);
    }

    private sealed record ClientOutcome(List<string> Accepted, List<string> Refused, List<double> AcceptMs);

    private static async Task<ClientOutcome> ClientAsync(BenchHost host, int client, string[] hostIds, long started, TimeSpan duration)
    {
        var outcome = new ClientOutcome([], [], []);
        for (var n = 0; Stopwatch.GetElapsedTime(started) < duration; n++)
        {
            var eventId = $"bench-c-{client}-{n}";
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = await host.Client.PostAsJsonAsync("/api/events", BenchHost.Event(eventId, hostIds[(client + n) % hostIds.Length], n));
                outcome.AcceptMs.Add(Elapsed.Ms(sent));
                if (response.StatusCode == HttpStatusCode.Accepted) outcome.Accepted.Add(eventId);
                else outcome.Refused.Add(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }
            catch (HttpRequestException e)
            {
                outcome.Refused.Add(e.GetType().Name);
            }
            catch (TaskCanceledException)
            {
                outcome.Refused.Add("client timeout");
            }
        }
        return outcome;
    }

    private sealed record Counts(int Created, int Failed, DateTimeOffset? LastCreatedAt);

    private static async Task<Counts> CountAsync(BenchHost host)
    {
        await using var db = new SqliteConnection(host.ConnectionString);
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = """
            SELECT
                COUNT(CASE WHEN status = $created AND sync_pending = 0 THEN 1 END),
                COUNT(CASE WHEN status = $failed THEN 1 END),
                MAX(CASE WHEN status = $created AND sync_pending = 0 THEN updated_at END)
            FROM webex_meetings
            """;
        query.Parameters.AddWithValue("$created", (int)MeetingStatus.Created);
        query.Parameters.AddWithValue("$failed", (int)MeetingStatus.Failed);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Counts(reader.GetInt32(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : Parse(reader.GetString(2)));
    }

    private static async Task<Percentiles> CreatedLatenciesAsync(BenchHost host)
    {
        await using var db = new SqliteConnection(host.ConnectionString);
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT created_at, updated_at FROM webex_meetings WHERE status = $created";
        query.Parameters.AddWithValue("$created", (int)MeetingStatus.Created);
        var samples = new List<double>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) samples.Add((Parse(reader.GetString(1)) - Parse(reader.GetString(0))).TotalMilliseconds);
        return Percentiles.Of(samples);
    }

    private static DateTimeOffset Parse(string instant) =>
        DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
