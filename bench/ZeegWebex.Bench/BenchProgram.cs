using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ZeegWebex.Bench;

/// <summary>
/// Measures the service on this machine, everything on loopback:
/// <c>dotnet run -c Release --project bench/ZeegWebex.Bench [-- --quick] [-- --only=abcdef]</c>.
/// A measurement tool, not a test: it states the targets next to the figures and never fails on them.
/// </summary>
internal static class BenchProgram
{
    private sealed record Plan(
        int LatencyEvents, int LatencyWarmUp, int WanEvents,
        int SmallTable, int LargeTable, int DueConnections, int SweepRuns, int LatencyDue,
        TimeSpan LoadDuration, int LoadClients, int LoadHosts, TimeSpan DrainLimit,
        TimeSpan CryptoRound, int CryptoRounds,
        int BurstEvents, int BurstHosts, int DashboardMeetings);

    private static readonly Plan Full = new(200, 30, 50, 1_000, 1_000_000, 100, 7, 10_000, TimeSpan.FromSeconds(60), 16, 8, TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(1), 5, 2_000, 40, 60);

    private static readonly Plan Quick = new(50, 10, 15, 1_000, 100_000, 100, 3, 1_000, TimeSpan.FromSeconds(10), 16, 8, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(0.3), 3, 400, 8, 60);

    public static async Task<int> Main(string[] args)
    {
        var quick = args.Contains("--quick");
        var only = args.FirstOrDefault(a => a.StartsWith("--only=", StringComparison.Ordinal))?["--only=".Length..] ?? "abcdef";
        var plan = quick ? Quick : Full;
        var report = new Report();
        var started = Stopwatch.GetTimestamp();

        Console.WriteLine($"ZeegWebex bench, {(quick ? "quick" : "full")} mode, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        foreach (var line in Machine()) Console.WriteLine($"  {line}");
        Console.WriteLine();

        report.Add("-", "load average at start (1/5/15 min)", LoadAverage() ?? "n/a");
        // The machine is shared: every section says how busy it was when it started and when it ended.
        if (only.Contains('d')) await Section(report, "d", () => { TokenCrypto.Run(report, plan.CryptoRound, plan.CryptoRounds); return Task.CompletedTask; });
        if (only.Contains('a')) await Section(report, "a", () => EndToEndLatency.RunAsync(report, plan.LatencyEvents, plan.LatencyWarmUp, plan.WanEvents));
        if (only.Contains('b'))
        {
            await Section(report, "b", () => RefreshSweep.RunAsync(
                report, plan.SmallTable, plan.LargeTable, plan.DueConnections, plan.SweepRuns, plan.LatencyDue, 150));
        }

        if (only.Contains('c')) await Section(report, "c", () => SustainedLoad.RunAsync(report, plan.LoadDuration, plan.LoadClients, plan.LoadHosts, plan.DrainLimit));
        if (only.Contains('e'))
        {
            await Section(report, "e", async () =>
            {
                await BurstAtLatency.RunAsync(report, plan.BurstEvents, plan.BurstHosts, 150, TimeSpan.FromMinutes(3), targetPerSecond: 200);
                await BurstAtLatency.RunAsync(report, plan.BurstEvents, plan.BurstHosts, 500, TimeSpan.FromMinutes(3), targetPerSecond: null);
            });
        }

        if (only.Contains('f')) await Section(report, "f", () => DashboardList.RunAsync(report, plan.DashboardMeetings, 300));

        report.Add("-", "load average at end (1/5/15 min)", LoadAverage() ?? "n/a");
        Console.WriteLine();
        Console.WriteLine($"Results ({(quick ? "quick" : "full")} mode, {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s in all)");
        foreach (var line in Machine()) Console.WriteLine(line);
        Console.WriteLine();
        report.Print(Console.Out);
        return 0;
    }

    private static async Task Section(Report report, string section, Func<Task> run)
    {
        report.Add(section, "load average at section start (1/5/15 min)", LoadAverage() ?? "n/a");
        var started = Stopwatch.GetTimestamp();
        await run();
        report.Add(section, "load average at section end (1/5/15 min)", $"{LoadAverage() ?? "n/a"}  (section took {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)");
    }

    private static IEnumerable<string> Machine()
    {
        yield return $"CPU: {CpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} logical processors";
        yield return $"OS: {RuntimeInformation.OSDescription}";
        yield return $".NET: {RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}";
        if (LoadAverage() is { } load) yield return $"load average (1/5/15 min) now: {load} - other processes share this machine";
    }

    /// <summary>The bench cannot make the machine quiet; it can say how busy it was.</summary>
    internal static string? LoadAverage()
    {
        const string loadAvg = "/proc/loadavg";
        return File.Exists(loadAvg) ? string.Join(' ', File.ReadAllText(loadAvg).Split(' ').Take(3)) : null;
    }

    private static string? CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return null;
        return File.ReadLines(cpuInfo)
            .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':') + 1)..].Trim())
            .FirstOrDefault();
    }
}
