using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.Infrastructure.Webex;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.Bench;

/// <summary>(e) A burst at Webex latency: N events for H connected hosts (the simulator's 100-a-day quota per host
/// holds), posted as fast as the client can, with a fixed latency added to every simulated Webex call. Reports
/// meetings/s until the last is Created, schedule -> Created percentiles, the floor the Webex call limit allows,
/// the calls in flight at most, duplicates/lost, and the process's peak RSS.</summary>
internal static class BurstAtLatency
{
    private const int Posters = 32;

    public static async Task RunAsync(Report report, int events, int hosts, int latencyMs, TimeSpan drainLimit, double? targetPerSecond)
    {
        var label = $"+{latencyMs} ms";
        Console.WriteLine($"(e) burst: {events:N0} events for {hosts} hosts, {label} on every Webex call");
        await using var simulator = await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = BenchHost.ClientId;
            o.ClientSecret = BenchHost.ClientSecret;
        });
        await using var host = await BenchHost.StartAsync(simulator);
        var hostIds = Enumerable.Range(0, hosts).Select(h => $"bench-burst-host-{h}").ToArray();
        for (var h = 0; h < hosts; h++) await host.ConnectAsync(hostIds[h], $"burst.host{h}@example.com");

        var webexOptions = host.Services.GetRequiredService<IOptions<WebexOptions>>().Value;
        var limiter = host.Services.GetRequiredService<WebexCallLimiter>();
        simulator.State.AddFault(new SimFault("*", SimFaultKind.Latency, DelayMs: latencyMs, Times: 0));
        limiter.ResetPeak();
        var rssReset = ResetPeakRss();

        var next = -1;
        var accepted = new System.Collections.Concurrent.ConcurrentBag<string>();
        var refused = new System.Collections.Concurrent.ConcurrentBag<string>();
        var firstSent = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var posters = Enumerable.Range(0, Posters).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n < events; n = Interlocked.Increment(ref next))
            {
                var eventId = $"bench-e-{n}";
                try
                {
                    using var response = await host.Client.PostAsJsonAsync("/api/events", BenchHost.Event(eventId, hostIds[n % hosts], n / hosts));
                    if (response.StatusCode == HttpStatusCode.Accepted) accepted.Add(eventId);
                    else refused.Add(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    refused.Add(e.GetType().Name);
                }
            }
        })).ToArray();
        await Task.WhenAll(posters);
        var postSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var (created, failed, lastCreatedAt) = await CountAsync(host);
        while (created + failed < accepted.Count && Stopwatch.GetElapsedTime(started) < drainLimit)
        {
            await Task.Delay(50);
            (created, failed, lastCreatedAt) = await CountAsync(host);
        }

        var peakInFlight = limiter.PeakInFlight;
        var peakRss = PeakRssMb();
        await Task.Delay(500); // stragglers (a duplicate would show as an extra meeting at the simulator)
        var meetings = simulator.State.Meetings;
        var tags = meetings.Select(m => m.IntegrationTags.FirstOrDefault() ?? "").ToList();
        var expected = accepted.Select(WebexMeeting.IntegrationTagFor).ToHashSet(StringComparer.Ordinal);
        var distinct = tags.ToHashSet(StringComparer.Ordinal);
        var duplicates = tags.Count - distinct.Count;
        var lost = expected.Count(t => !distinct.Contains(t)) + Math.Max(0, accepted.Count - created - failed);
        var seconds = lastCreatedAt is { } last ? (last - firstSent).TotalSeconds : double.NaN;
        var rate = created / seconds;
        // Calls in flight can be at most the overall limit, and at most the per-user limit for every host.
        var concurrency = Math.Min(webexOptions.MaxConcurrentCalls, hosts * webexOptions.MaxConcurrentCallsPerUser);
        var floorSeconds = accepted.Count * latencyMs / 1000.0 / concurrency;

        report.Add("e", $"{label}: events posted (32 clients)", $"{accepted.Count:N0} accepted in {postSeconds:0.0} s = {Report.Number(accepted.Count / postSeconds, "N1")}/s"
                                                           + (refused.IsEmpty ? "" : $"; refused: {string.Join(", ", refused.GroupBy(r => r).Select(g => $"{g.Count()} x {g.Key}"))}"));
        report.Add("e", $"{label}: meetings Created until the last one", $"{created:N0} in {seconds:0.00} s = {Report.Number(rate, "N1")}/s; {failed} Failed",
            targetPerSecond is { } t ? $">= {t:0}/s" : "", targetPerSecond is { } target ? rate >= target : null);
        report.Add("e", $"{label}: schedule -> Created (row created_at -> updated_at)", (await LatenciesAsync(host)).ToString());
        report.Add("e", $"{label}: floor ({accepted.Count:N0} x {latencyMs} ms / {concurrency} calls in flight)",
            $"{floorSeconds:0.00} s = {Report.Number(accepted.Count / floorSeconds, "N1")}/s; measured is {seconds / floorSeconds:0.00}x the floor");
        report.Add("e", $"{label}: Webex calls in flight at most", $"{peakInFlight} (limits: {webexOptions.MaxConcurrentCalls} overall, {webexOptions.MaxConcurrentCallsPerUser} per user)");
        report.Add("e", $"{label}: meetings at the simulator vs accepted", $"{meetings.Count:N0} vs {accepted.Count:N0} (duplicates {duplicates}, lost {lost})",
            "0 duplicates, 0 lost", duplicates == 0 && lost == 0 && meetings.Count == accepted.Count);
        report.Add("e", $"{label}: peak RSS (bench process: service, simulator and client)", peakRss is { } mb ? $"{mb:N0} MB{(rssReset ? " (reset at the burst's start)" : " (since process start)")}" : "n/a");
    }

    private static async Task<(int Created, int Failed, DateTimeOffset? LastCreatedAt)> CountAsync(BenchHost host)
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
        return (reader.GetInt32(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : Parse(reader.GetString(2)));
    }

    private static async Task<Percentiles> LatenciesAsync(BenchHost host)
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

    /// <summary>Linux: writing 5 to clear_refs resets the peak resident set (VmHWM), so the figure is this burst's.</summary>
    private static bool ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double? PeakRssMb()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static DateTimeOffset Parse(string instant) =>
        DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
