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
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        using var sampling = new CancellationTokenSource();
        var backlogSamples = SampleBacklogAsync(host, sampling.Token);
        var workers = Enumerable.Range(0, clients).Select(c => ClientAsync(host, c, hostIds, started, duration)).ToArray();
        var outcomes = await Task.WhenAll(workers);
        var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var atEndOfLoad = await CountAsync(host);
        await sampling.CancelAsync();
        var backlog = await backlogSamples;

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

        var acceptedPerSecond = accepted.Count / loadSeconds;
        var createdPerSecond = atEndOfLoad.Created / loadSeconds;
        var refusedBusy = outcomes.Sum(o => o.Refused.Count(r => r == "503"));
        report.Add("c", "events accepted (202)", $"{accepted.Count:N0} in {loadSeconds:0.0} s = {Report.Number(acceptedPerSecond, "N1")}/s",
            ">= 500/s", acceptedPerSecond >= 500);
        report.Add("c", "events refused (503: back-pressure or database busy)", $"{refusedBusy:N0}"
            + (refused.Count > 0 ? $" (all refusals: {string.Join(", ", refused)})" : ""), "0 (backlog bounded without refusing)", refused.Count == 0);
        report.Add("c", "POST /api/events under load", accept.ToString(), "p99 <= 50 ms", accept.P99 <= 50);
        report.Add("c", "meetings Created during the load window",
            $"{atEndOfLoad.Created:N0} = {Report.Number(createdPerSecond, "N1")}/s (backlog at end: {accepted.Count - atEndOfLoad.Created:N0}; "
            + $"meeting_backlog sampled each second: max {backlog.Max:N0}, mean {backlog.Mean:N0})",
            ">= 500/s", createdPerSecond >= 500);
        // Where the time goes: the whole bench process (16 clients, service, simulator) is CPU-bound on 2 shared cores.
        report.Add("c", "CPU used by the bench process during the load window",
            $"{cpuSeconds:0.0} s of {loadSeconds * Environment.ProcessorCount:0} s the {Environment.ProcessorCount} processors offered "
            + $"({cpuSeconds / loadSeconds / Environment.ProcessorCount:P0}); {Report.Number(cpuSeconds * 1000 / Math.Max(1, accepted.Count), "0.00")} ms CPU per event "
            + "(client POST + service POST + sync + simulator create)");
        report.Add("c", "meetings Created overall (until the last one)",
            $"{counts.Created:N0} in {drainSeconds:0.0} s = {Report.Number(counts.Created / drainSeconds, "N1")}/s; {counts.Failed} Failed");
        report.Add("c", "schedule -> Created under load (row created_at -> updated_at)", latency.ToString(), "p99 <= 2000 ms", latency.P99 <= 2000);
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

    private sealed record BacklogSamples(int Max, double Mean);

    /// <summary>The service's own back-pressure counter (<c>meeting_backlog</c>), read once a second while the load runs:
    /// whether creation keeps pace shows as a flat line, a lag as a ramp.</summary>
    private static async Task<BacklogSamples> SampleBacklogAsync(BenchHost host, CancellationToken stop)
    {
        var samples = new List<int>();
        await using var db = new SqliteConnection(host.ConnectionString);
        await db.OpenAsync(CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            await using (var read = db.CreateCommand())
            {
                read.CommandText = "SELECT outstanding FROM meeting_backlog";
                samples.Add(Convert.ToInt32(await read.ExecuteScalarAsync(CancellationToken.None), CultureInfo.InvariantCulture));
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return samples.Count == 0 ? new BacklogSamples(0, 0) : new BacklogSamples(samples.Max(), samples.Average());
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
