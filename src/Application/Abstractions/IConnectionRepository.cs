using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Abstractions;

public interface IConnectionRepository : IVersionedRepository<WebexConnection>
{
    Task<WebexConnection?> FindAsync(Guid id, CancellationToken ct);

    Task<WebexConnection?> FindByZeegUserAsync(string zeegUserId, CancellationToken ct);

    /// <exception cref="DuplicateKeyException">The Zeeg user already has a connection row.</exception>
    Task AddAsync(WebexConnection connection, CancellationToken ct);

    /// <summary>The ids of the connections due by <paramref name="due"/> (<see cref="WebexConnection.IsDueForRefresh(RefreshDueCutoffs)"/>),
    /// ordered by id, after <paramref name="afterId"/>: a pre-filter the expiry indexes can answer, so a sweep reads only
    /// candidates; the refresher decides on the loaded row.</summary>
    Task<IReadOnlyList<Guid>> FindDueForRefreshAsync(RefreshDueCutoffs due, Guid? afterId, int batchSize, CancellationToken ct);

    /// <summary>Claims the connection's refresh lease for <paramref name="owner"/> until <paramref name="until"/>, in one
    /// conditional statement: it succeeds only when nobody holds an unexpired lease (or <paramref name="owner"/> holds
    /// it already). Of any number of processes claiming at once, one wins.</summary>
    /// <returns>false when another owner holds the lease, or the connection does not exist.</returns>
    Task<bool> TryClaimRefreshLeaseAsync(Guid id, Guid owner, DateTimeOffset now, DateTimeOffset until, CancellationToken ct);

    /// <summary>Gives the lease back if <paramref name="owner"/> still holds it; a lease taken over after it expired is
    /// left alone.</summary>
    Task ReleaseRefreshLeaseAsync(Guid id, Guid owner, CancellationToken ct);

    /// <summary>Active connections whose tokens are sealed with a key other than <paramref name="currentKeyId"/>.</summary>
    Task<IReadOnlyList<Guid>> FindSealedWithOtherKeyAsync(string currentKeyId, int batchSize, CancellationToken ct);
}
