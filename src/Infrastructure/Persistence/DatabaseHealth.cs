namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>Reachable and no scripts pending means ready; otherwise <see cref="Error"/> or the pending scripts say why not.</summary>
public sealed record DatabaseHealth(bool Reachable, IReadOnlyList<string> PendingScripts, string? Error)
{
    public bool IsReady => Reachable && PendingScripts.Count == 0;
}
