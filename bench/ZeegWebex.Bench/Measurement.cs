using System.Diagnostics;
using System.Globalization;

namespace ZeegWebex.Bench;

/// <summary>Latency percentiles by nearest rank over the sorted samples: with a few hundred samples an
/// interpolated p99 would pretend to a precision the run does not have.</summary>
internal sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0) return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1]);
    }

    public override string ToString() =>
        Count == 0 ? "no samples" : $"p50 {Ms(P50)}  p95 {Ms(P95)}  p99 {Ms(P99)}  max {Ms(Max)}  (n={Count})";

    public static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
}

internal static class Elapsed
{
    public static double Ms(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
}

/// <summary>The figures as they come in; printed as one plain table at the end.</summary>
internal sealed class Report
{
    private readonly List<(string Section, string Measure, string Value, string Target, string Verdict)> _rows = [];

    public void Add(string section, string measure, string value, string target = "", bool? met = null)
    {
        _rows.Add((section, measure, value, target, met switch { true => "met", false => "NOT met", null => "" }));
        Console.WriteLine($"  {measure}: {value}{(target.Length > 0 ? $"   [target {target}: {(met == true ? "met" : "NOT met")}]" : "")}");
    }

    public void Print(TextWriter output)
    {
        string[] header = ["", "measure", "value", "target", "verdict"];
        var rows = _rows.Select(r => new[] { r.Section, r.Measure, r.Value, r.Target, r.Verdict }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        string Line(string[] cells) => string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        output.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in rows) output.WriteLine(Line(row));
    }

    public static string Number(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
