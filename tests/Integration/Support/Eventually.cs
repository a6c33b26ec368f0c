using System.Diagnostics;
using System.Text.Json;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>Background work finishes when it finishes: poll for an outcome, bounded in time.</summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null, string? because = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        var last = await read();
        while (!done(last))
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"Not done after {limit.TotalSeconds:0}s{(because is null ? "" : ": " + because)}. Last seen: {Describe(last)}");
            await Task.Delay(50);
            last = await read();
        }

        return last;
    }

    private static string Describe<T>(T value) => value is JsonElement json ? json.GetRawText() : value?.ToString() ?? "null";
}
