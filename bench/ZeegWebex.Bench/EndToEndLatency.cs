using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Common;
using ZeegWebex.Infrastructure.Persistence;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.Bench;

/// <summary>(a) One event at a time: POST /api/events until the meeting row is Created, next to the bare Webex
/// (simulator) create round trip and the Hangfire pickup delay, measured interleaved so all three see the same
/// machine state.</summary>
internal static class EndToEndLatency
{
    private const string Host = "bench-latency-host";

    /// <summary>Added to every simulated meetings.create in the second pass: a stand-in for the internet between the
    /// service and Webex, so the same overheads can be read against a realistic round trip.</summary>
    public const int WanDelayMs = 150;

    public static async Task RunAsync(Report report, int events, int warmUp, int wanEvents)
    {
        Console.WriteLine($"(a) schedule -> Created, sequential: {warmUp} warm-up + {events} measured events, then {wanEvents} with +{WanDelayMs} ms at Webex");
        await using var simulator = await BenchHost.StartSimulatorAsync();
        await using var host = await BenchHost.StartAsync(simulator);
        await host.ConnectAsync(Host, "latency.host@example.com");

        var webexToken = simulator.State.IssueTokens("bare.client@example.com").AccessToken;
        using var webex = BenchHost.NewClient(simulator.ApiBaseAddress);
        webex.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", webexToken);
        var probes = new Probes(host, webex);
        await CreateCommitProbeAsync(probes.Database);

        using var created = new CreatedSignal();
        var loopback = await MeasureAsync(probes, "bench-a-", events, warmUp, created);
        // The 1 ms poller costs the service CPU while it works (each GET is about 0.8 ms of the 2 processors): its own
        // pass, so it does not slow the figures above.
        var polled = await MeasureAsync(probes, "bench-a-polled-", Math.Max(20, events / 4), Math.Min(warmUp, 5), created: null);
        var e2e = Percentiles.Of(loopback.Stored);
        var webexRoundTrip = Percentiles.Of(loopback.Bare);
        var hangfire = Percentiles.Of(loopback.Pickup);
        // Issue 11, part 3: the service may add at most 2 ms to what Webex and the queue cost anyway. The pickup is
        // Hangfire's (an empty job); meeting syncs now go through the in-process dispatcher, whose pickup is a channel
        // read, so this allowance is generous to the service.
        var target = webexRoundTrip.P50 + hangfire.P50 + 2;

        report.Add("a", "schedule -> row Created (row updatedAt - send time)", e2e.ToString());
        report.Add("a", "schedule -> Created as seen by a 1 ms poller (own pass)", Percentiles.Of(polled.Observed).ToString());
        report.Add("a", "schedule -> row Created while that poller ran", Percentiles.Of(polled.Stored).ToString());
        report.Add("a", "POST /api/events answered (202)", Percentiles.Of(loopback.Accepted).ToString());
        report.Add("a", "bare simulator POST /v1/meetings round trip", webexRoundTrip.ToString());
        report.Add("a", "Hangfire pickup (enqueue -> job running)", hangfire.ToString());
        report.Add("a", "GET /api/events/{id}/meeting round trip (poller pass)", Percentiles.Of(polled.Reads).ToString());
        report.Add("a", "SQLite one-row write commit (service's connection factory)", Percentiles.Of(loopback.Commits).ToString());
        report.Add("a", "ratio of p50s, end to end / bare round trip", Report.Number(e2e.P50 / webexRoundTrip.P50, "0.00") + "x");
        report.Add("a", "end-to-end p50 vs bare p50 + pickup p50 + 2 ms",
            Percentiles.Ms(e2e.P50), $"<= {Percentiles.Ms(target)}", e2e.P50 <= target);
        if (loopback.Failures.Count > 0)
            report.Add("a", "events that did not reach Created", $"{loopback.Failures.Count}: {loopback.Failures[0]}");
        if (polled.Failures.Count > 0)
            report.Add("a", "events that did not reach Created (poller pass)", $"{polled.Failures.Count}: {polled.Failures[0]}");

        simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Latency, DelayMs: WanDelayMs, Times: 0));
        var wan = await MeasureAsync(probes, "bench-a-wan-", wanEvents, 3, created);
        simulator.State.ClearFaults();
        var wanE2e = Percentiles.Of(wan.Stored);
        var wanBare = Percentiles.Of(wan.Bare);
        var wanTarget = 1.2 * wanBare.P50 + Percentiles.Of(wan.Pickup).P50;
        report.Add("a", $"with +{WanDelayMs} ms at Webex: schedule -> row Created", wanE2e.ToString());
        report.Add("a", $"with +{WanDelayMs} ms at Webex: bare round trip", wanBare.ToString());
        report.Add("a", $"with +{WanDelayMs} ms at Webex: ratio of p50s", Report.Number(wanE2e.P50 / wanBare.P50, "0.00") + "x",
            $"p50 <= {Percentiles.Ms(wanTarget)}", wanE2e.P50 <= wanTarget);
        if (wan.Failures.Count > 0)
            report.Add("a", $"with +{WanDelayMs} ms: events that did not reach Created", $"{wan.Failures.Count}: {wan.Failures[0]}");
    }

    private sealed record Probes(BenchHost Host, HttpClient Webex)
    {
        public IBackgroundJobClient Jobs { get; } = Host.Services.GetRequiredService<IBackgroundJobClient>();
        public IDbConnectionFactory Database { get; } = Host.Services.GetRequiredService<IDbConnectionFactory>();
    }

    private sealed class Samples
    {
        public List<double> Stored { get; } = [];
        public List<double> Observed { get; } = [];
        public List<double> Accepted { get; } = [];
        public List<double> Bare { get; } = [];
        public List<double> Pickup { get; } = [];
        public List<double> Reads { get; } = [];
        public List<double> Commits { get; } = [];
        public List<string> Failures { get; } = [];
    }

    /// <summary>Interleaved, one of each per round, so a busy moment on the machine hits all of them alike.</summary>
    /// <param name="created">Wait for the service's own signal that a meeting was created, then read the row once; without
    /// it, poll the meeting every millisecond as a client would have to.</param>
    private static async Task<Samples> MeasureAsync(Probes probes, string prefix, int events, int warmUp, CreatedSignal? created)
    {
        var samples = new Samples();
        for (var i = 0; i < warmUp + events; i++)
        {
            var sample = await ScheduleUntilCreatedAsync(probes.Host, prefix + i, i, created);
            var webexMs = await BareCreateAsync(probes.Webex, prefix, i);
            var pickupMs = await PickupProbe.MeasureAsync(probes.Jobs);
            var commitMs = await CommitAsync(probes.Database, i);
            if (i < warmUp) continue;
            if (sample.Failure is not null)
            {
                samples.Failures.Add(sample.Failure);
                continue;
            }
            samples.Stored.Add(sample.StoredMs);
            samples.Observed.Add(sample.ObservedMs);
            samples.Accepted.Add(sample.AcceptedMs);
            samples.Bare.Add(webexMs);
            samples.Pickup.Add(pickupMs);
            samples.Reads.AddRange(sample.ReadMs);
            samples.Commits.Add(commitMs);
        }
        return samples;
    }

    private sealed record Sample(double StoredMs, double ObservedMs, double AcceptedMs, List<double> ReadMs, string? Failure);

    private static async Task<Sample> ScheduleUntilCreatedAsync(BenchHost host, string eventId, int index, CreatedSignal? created)
    {
        created?.Arm();
        var sentAt = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        using var response = await host.Client.PostAsJsonAsync("/api/events", BenchHost.Event(eventId, Host, index));
        var acceptedMs = Elapsed.Ms(started);
        if (response.StatusCode != HttpStatusCode.Accepted)
            return new Sample(0, 0, 0, [], $"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        var reads = new List<double>();
        // The signal comes after the result's commit, so the one read that follows finds the row Created; if it does
        // not (a retry, a change meanwhile), the loop below polls as usual.
        if (created is not null) await created.WaitAsync(TimeSpan.FromSeconds(30));
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var read = Stopwatch.GetTimestamp();
            var meeting = await host.Client.GetFromJsonAsync<JsonElement>($"/api/events/{eventId}/meeting");
            reads.Add(Elapsed.Ms(read));
            var status = meeting.GetProperty("status").GetString();
            if (status == "Created" && !meeting.GetProperty("syncPending").GetBoolean())
            {
                var observedMs = Elapsed.Ms(started);
                var updatedAt = DateTimeOffset.Parse(meeting.GetProperty("updatedAt").GetString()!, CultureInfo.InvariantCulture);
                return new Sample((updatedAt - sentAt).TotalMilliseconds, observedMs, acceptedMs, reads, null);
            }
            if (status is "Failed" or "Cancelled")
                return new Sample(0, 0, 0, [], $"{eventId} became {status}: {meeting.GetProperty("lastError")}");
            await Task.Delay(1);
        }
        return new Sample(0, 0, 0, [], $"{eventId} was not Created within 30 s");
    }

    /// <summary>What the meeting job's one Webex call costs without the service around it: the same body, a kept-alive
    /// connection, the response read to the end.</summary>
    private static async Task<double> BareCreateAsync(HttpClient webex, string prefix, int index)
    {
        // Webex refuses a start/end whose offset is not the meeting timezone's: send Berlin local times.
        var start = TimeZoneInfo.ConvertTime(BenchHost.EventStart(index), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        var body = new
        {
            title = "Intro call",
            start = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            end = start.AddMinutes(30).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            timezone = "Europe/Berlin",
            agenda = "Talk about the project",
            integrationTags = new[] { $"bare:{prefix}{index}" },
            invitees = new[] { new { email = "guest@example.org" } },
        };
        var started = Stopwatch.GetTimestamp();
        using var response = await webex.PostAsJsonAsync("meetings", body);
        _ = await response.Content.ReadFromJsonAsync<JsonElement>();
        var elapsed = Elapsed.Ms(started);
        response.EnsureSuccessStatusCode();
        return elapsed;
    }

    /// <summary>What one of the service's writes costs on this disk: its own table in the scratch database, written
    /// the way the repositories write (connection opened from the pool, one statement, disposed). Every write commits
    /// on its own, and with SQLite's defaults in WAL mode a commit waits for the disk.</summary>
    private static async Task CreateCommitProbeAsync(IDbConnectionFactory database)
    {
        await using var db = await database.OpenAsync(CancellationToken.None);
        await using var create = db.CreateCommand();
        create.CommandText = "CREATE TABLE bench_commit_probe (id INTEGER NOT NULL PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO bench_commit_probe VALUES (1, 0);";
        await create.ExecuteNonQueryAsync();
    }

    private static async Task<double> CommitAsync(IDbConnectionFactory database, int n)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var db = await database.OpenAsync(CancellationToken.None))
        await using (var update = db.CreateCommand())
        {
            update.CommandText = $"UPDATE bench_commit_probe SET n = {n} WHERE id = 1";
            await update.ExecuteNonQueryAsync();
        }
        return Elapsed.Ms(started);
    }
}

/// <summary>An empty Hangfire job: the delay from Enqueue to the job starting is the queue's share of the
/// end-to-end latency, which the meeting job pays before its Webex call.</summary>
public static class PickupProbe
{
    private static TaskCompletionSource<long>? _pending;

    /// <summary>Runs as the Hangfire job; public because Hangfire invokes it by name.</summary>
    public static void Hit(long enqueuedAt) => _pending?.TrySetResult(Stopwatch.GetTimestamp() - enqueuedAt);

    internal static async Task<double> MeasureAsync(IBackgroundJobClient jobs)
    {
        var pending = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending = pending;
        var enqueuedAt = Stopwatch.GetTimestamp();
        jobs.Enqueue(() => Hit(enqueuedAt));
        var ticks = await pending.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return ticks * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>The service's own "meeting created" counter (zeegwebex.meetings.created), heard in process: it is added to
/// right after the result commits, so waiting for it costs the service nothing, unlike polling its API.</summary>
internal sealed class CreatedSignal : IDisposable
{
    private readonly MeterListener _listener = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CreatedSignal()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ZeegWebexMetrics.MeterName && instrument.Name == "zeegwebex.meetings.created")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, _, _, _) => Volatile.Read(ref _next).TrySetResult());
        _listener.Start();
    }

    /// <summary>Before each event is sent: the next creation completes the wait.</summary>
    public void Arm() => Volatile.Write(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async Task WaitAsync(TimeSpan timeout)
    {
        try
        {
            await Volatile.Read(ref _next).Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Not created (yet): the caller polls and reports what it finds.
        }
    }

    public void Dispose() => _listener.Dispose();
}
