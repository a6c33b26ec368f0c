using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.UnitTests.Support;

/// <summary>The connection table in memory, with the real repository's contract: copies, version-checked writes, one
/// row per Zeeg user, the due query's rule and a refresh lease per row.</summary>
internal sealed class FakeConnectionRepository : IConnectionRepository
{
    private readonly Dictionary<Guid, WebexConnection> _rows = [];
    private readonly Dictionary<Guid, (Guid Owner, DateTimeOffset Until)> _leases = [];

    /// <summary>Runs once, just before the next version-checked write: a concurrent writer getting there first.</summary>
    public Action? BeforeNextUpdate { get; set; }

    public int Writes { get; private set; }

    public void Seed(WebexConnection connection) => _rows[connection.Id] = Copy(connection);

    public WebexConnection Stored(string zeegUserId) => Copy(_rows.Values.Single(c => c.ZeegUserId == zeegUserId));

    public bool Has(string zeegUserId) => _rows.Values.Any(c => c.ZeegUserId == zeegUserId);

    /// <summary>Another process holds the refresh lease of this connection until <paramref name="until"/>.</summary>
    public void HoldLease(Guid id, DateTimeOffset until) => _leases[id] = (Guid.NewGuid(), until);

    public bool IsLeased(Guid id) => _leases.ContainsKey(id);

    public Task<WebexConnection?> FindAsync(Guid id, CancellationToken ct) =>
        Task.FromResult(Locked(() => _rows.TryGetValue(id, out var c) ? Copy(c) : null));

    public Task<WebexConnection?> FindByZeegUserAsync(string zeegUserId, CancellationToken ct) =>
        Task.FromResult(Locked(() => _rows.Values.Where(c => c.ZeegUserId == zeegUserId).Select(Copy).SingleOrDefault()));

    public Task AddAsync(WebexConnection connection, CancellationToken ct)
    {
        if (Has(connection.ZeegUserId)) throw new DuplicateKeyException($"Zeeg user '{connection.ZeegUserId}' already has a connection.");
        _rows[connection.Id] = Copy(connection);
        Writes++;
        return Task.CompletedTask;
    }

    public Task<bool> UpdateAsync(WebexConnection connection, int expectedVersion, CancellationToken ct)
    {
        var hook = BeforeNextUpdate;
        BeforeNextUpdate = null;
        hook?.Invoke();
        lock (_rows)
        {
            if (!_rows.TryGetValue(connection.Id, out var stored) || stored.Version != expectedVersion) return Task.FromResult(false);
            _rows[connection.Id] = Copy(connection);
            Writes++;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<Guid>> FindDueForRefreshAsync(RefreshDueCutoffs due, Guid? afterId, int batchSize, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Guid>>(Locked(() => _rows.Values
            .Where(c => c.IsDueForRefresh(due))
            .Select(c => c.Id)
            .Where(id => afterId is null || id.CompareTo(afterId.Value) > 0)
            .Order()
            .Take(batchSize)
            .ToArray()));

    public Task<bool> TryClaimRefreshLeaseAsync(Guid id, Guid owner, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        if (!Locked(() => _rows.ContainsKey(id))) return Task.FromResult(false);
        lock (_leases)
        {
            if (_leases.TryGetValue(id, out var held) && held.Owner != owner && held.Until > now) return Task.FromResult(false);
            _leases[id] = (owner, until);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseRefreshLeaseAsync(Guid id, Guid owner, CancellationToken ct)
    {
        lock (_leases)
        {
            if (_leases.TryGetValue(id, out var held) && held.Owner == owner) _leases.Remove(id);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Guid>> FindSealedWithOtherKeyAsync(string currentKeyId, int batchSize, CancellationToken ct) =>
        throw new NotSupportedException();

    private T Locked<T>(Func<T> read)
    {
        lock (_rows) return read();
    }

    private static WebexConnection Copy(WebexConnection c) => WebexConnection.Rehydrate(
        c.Id, c.ZeegUserId, c.Account, c.Status, c.Scopes, c.AccessToken, c.AccessTokenExpiresAt, c.RefreshToken,
        c.RefreshTokenExpiresAt, c.StatusReason, c.Version, c.CreatedAt, c.UpdatedAt, c.TokensRefreshedAt, c.ReconnectSoonNoticeAt);
}
