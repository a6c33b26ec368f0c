using ZeegWebex.Domain.Connections;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.UnitTests.Support;

/// <summary>Pending authorizations in memory, opened and consumed under the real repository's conditions.</summary>
internal sealed class FakePendingAuthorizationRepository : IPendingAuthorizationRepository
{
    private readonly List<PendingAuthorization> _rows = [];

    public IReadOnlyList<PendingAuthorization> Rows => _rows;

    public Task AddAsync(PendingAuthorization authorization, CancellationToken ct)
    {
        _rows.Add(authorization);
        return Task.CompletedTask;
    }

    public Task<PendingAuthorization?> TryOpenAsync(string startHash, string newStateHash, string bindingHash, DateTimeOffset now, CancellationToken ct)
    {
        var index = _rows.FindIndex(a => a.StartHash == startHash && a.OpenedAt is null && a.ConsumedAt is null
                                         && a.StartExpiresAt > now && a.ExpiresAt > now);
        if (index < 0) return Task.FromResult<PendingAuthorization?>(null);
        _rows[index] = _rows[index] with { StateHash = newStateHash, BindingHash = bindingHash, OpenedAt = now };
        return Task.FromResult<PendingAuthorization?>(_rows[index]);
    }

    public Task<PendingAuthorization?> TryConsumeAsync(string stateHash, string bindingHash, DateTimeOffset now, CancellationToken ct)
    {
        var index = _rows.FindIndex(a => a.StateHash == stateHash && a.BindingHash == bindingHash && a.ConsumedAt is null && a.ExpiresAt > now);
        if (index < 0) return Task.FromResult<PendingAuthorization?>(null);
        _rows[index] = _rows[index] with { ConsumedAt = now };
        return Task.FromResult<PendingAuthorization?>(_rows[index]);
    }

    public Task<PendingAuthorization?> FindByStateHashAsync(string stateHash, CancellationToken ct) =>
        Task.FromResult(_rows.SingleOrDefault(a => a.StateHash == stateHash));

    public Task<PendingAuthorization?> FindByStartHashAsync(string startHash, CancellationToken ct) =>
        Task.FromResult(_rows.SingleOrDefault(a => a.StartHash == startHash));

    public Task<PendingAuthorization?> FindLatestForZeegUserAsync(string zeegUserId, CancellationToken ct) =>
        Task.FromResult(_rows.Where(a => a.ZeegUserId == zeegUserId).MaxBy(a => a.CreatedAt));

    public Task<int> PurgeExpiredAsync(DateTimeOffset expiredBefore, int batchSize, CancellationToken ct)
    {
        var doomed = _rows.Where(a => a.ExpiresAt < expiredBefore).OrderBy(a => a.ExpiresAt).Take(batchSize).ToList();
        foreach (var a in doomed) _rows.Remove(a);
        return Task.FromResult(doomed.Count);
    }
}
