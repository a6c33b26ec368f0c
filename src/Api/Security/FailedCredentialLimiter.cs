using System.Collections.Concurrent;

namespace ZeegWebex.Api.Security;

/// <summary>
/// Counts failed credentials per client in fixed windows. Only failures are counted, so a client that authenticates
/// is never slowed by it. At most <see cref="MaxTrackedClients"/> clients are remembered: past that, windows that have
/// ended are dropped first, and if a flood of addresses leaves none ended, all are (the limit then restarts, the
/// process keeps its memory).
/// </summary>
public sealed class FailedCredentialLimiter(TimeProvider time, int permitLimit, TimeSpan window)
{
    public const int MaxTrackedClients = 50_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public int PermitLimit => permitLimit;

    /// <summary>Whether the client has used up its failures; then <paramref name="retryAfter"/> says when its window ends.</summary>
    public bool IsBlocked(string client, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        if (_windows.TryGetValue(client, out var current) && current.Ends > now && current.Failures >= permitLimit)
        {
            retryAfter = current.Ends - now;
            return true;
        }
        retryAfter = TimeSpan.Zero;
        return false;
    }

    /// <summary>Counts one failure; true when it is over the limit, i.e. the client should now be told to wait.</summary>
    public bool RecordFailure(string client, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        if (_windows.Count >= MaxTrackedClients) Prune(now);
        var updated = _windows.AddOrUpdate(
            client,
            static (_, state) => new Window(state.Now + state.Length, 1),
            static (_, old, state) => old.Ends > state.Now ? old with { Failures = old.Failures + 1 } : new Window(state.Now + state.Length, 1),
            (Now: now, Length: window));
        retryAfter = updated.Ends - now;
        return updated.Failures > permitLimit;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (client, entry) in _windows)
        {
            if (entry.Ends <= now) _windows.TryRemove(client, out _);
        }
        if (_windows.Count >= MaxTrackedClients) _windows.Clear();
    }

    private readonly record struct Window(DateTimeOffset Ends, int Failures);
}
