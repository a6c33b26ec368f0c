using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Abstractions;

public interface IConnectionRepository : IVersionedRepository<WebexConnection>
{
    Task<WebexConnection?> FindAsync(Guid id, CancellationToken ct);

    Task<WebexConnection?> FindByZeegUserAsync(string zeegUserId, CancellationToken ct);

    /// <exception cref="DuplicateKeyException">The Zeeg user already has a connection row.</exception>
    Task AddAsync(WebexConnection connection, CancellationToken ct);

    /// <summary>Active connections whose access token expires before <paramref name="accessExpiresBefore"/> or whose
    /// refresh token expires before <paramref name="refreshExpiresBefore"/>, and whose tokens were last refreshed no
    /// later than <paramref name="refreshedBefore"/> (or never recorded), ordered by id, after <paramref name="afterId"/>.
    /// The same rule as <see cref="WebexConnection.IsDueForRefresh"/>.</summary>
    Task<IReadOnlyList<Guid>> FindDueForRefreshAsync(
        DateTimeOffset accessExpiresBefore, DateTimeOffset refreshExpiresBefore, DateTimeOffset refreshedBefore, Guid? afterId, int batchSize,
        CancellationToken ct);

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
