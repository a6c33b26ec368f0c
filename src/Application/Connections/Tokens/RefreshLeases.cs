using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections.RefreshDueConnections;

namespace ZeegWebex.Application.Connections.Tokens;

/// <summary>
/// Single flight for everything that rewrites a connection's tokens (a refresh, re-sealing under a new key), across
/// every service process on the database: the lease lives on the connection row and is claimed with one conditional
/// UPDATE, so two processes never both spend one refresh token. A lease expires on its own, so a process that dies
/// holding one blocks the connection for <see cref="TokenRefreshOptions.LeaseDuration"/> at most.
/// </summary>
public sealed class RefreshLeases(IConnectionRepository connections, IOptions<TokenRefreshOptions> options, TimeProvider time)
{
    /// <summary>Claims the lease once.</summary>
    /// <returns>null when someone else holds it.</returns>
    public async Task<RefreshLease?> TryTakeAsync(Guid connectionId, CancellationToken ct)
    {
        // A fresh owner per claim: two callers in one process are kept apart exactly like two processes.
        var owner = Guid.NewGuid();
        var now = time.GetUtcNow();
        return await connections.TryClaimRefreshLeaseAsync(connectionId, owner, now, now + options.Value.LeaseDuration, ct)
            ? new RefreshLease(connections, connectionId, owner)
            : null;
    }

    /// <summary>Claims the lease, waiting up to <see cref="TokenRefreshOptions.LeaseWait"/> for its holder to finish.</summary>
    /// <returns>null when it is still held after that.</returns>
    public async Task<RefreshLease?> TakeAsync(Guid connectionId, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + options.Value.LeaseWait;
        while (true)
        {
            if (await TryTakeAsync(connectionId, ct) is { } lease) return lease;
            if (time.GetUtcNow() >= deadline) return null;
            await WaitAsync(ct);
        }
    }

    /// <summary>One pause between claims.</summary>
    public Task WaitAsync(CancellationToken ct) => Task.Delay(options.Value.LeasePollInterval, time, ct);

    /// <summary>When a caller that started waiting now should give up.</summary>
    public DateTimeOffset WaitDeadline() => time.GetUtcNow() + options.Value.LeaseWait;
}
