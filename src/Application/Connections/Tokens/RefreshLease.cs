using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Application.Connections.Tokens;

/// <summary>A held refresh lease on one connection row; disposing gives it back (if it is still ours).</summary>
public sealed class RefreshLease : IAsyncDisposable
{
    private readonly IConnectionRepository _connections;
    private int _released;

    internal RefreshLease(IConnectionRepository connections, Guid connectionId, Guid owner)
    {
        _connections = connections;
        ConnectionId = connectionId;
        Owner = owner;
    }

    public Guid ConnectionId { get; }

    public Guid Owner { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        // Not the caller's token: a cancelled request must still hand the lease back, or others wait for it to expire.
        await _connections.ReleaseRefreshLeaseAsync(ConnectionId, Owner, CancellationToken.None);
    }
}
