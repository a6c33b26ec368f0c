using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Abstractions;

public interface IConnectionRepository
{
    Task<WebexConnection?> FindAsync(Guid id, CancellationToken ct);

    Task<WebexConnection?> FindByZeegUserAsync(string zeegUserId, CancellationToken ct);

    /// <exception cref="DuplicateKeyException">The Zeeg user already has a connection row.</exception>
    Task AddAsync(WebexConnection connection, CancellationToken ct);

    /// <summary>Writes the connection only if the stored row still has <paramref name="expectedVersion"/>.</summary>
    /// <returns>false when somebody else changed the row first (nothing was written).</returns>
    Task<bool> UpdateAsync(WebexConnection connection, int expectedVersion, CancellationToken ct);

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

public interface IPendingAuthorizationRepository
{
    Task AddAsync(PendingAuthorization authorization, CancellationToken ct);

    /// <summary>Opens the start link with this hash: binds the authorization to the browser (<paramref name="bindingHash"/>)
    /// and replaces its state with <paramref name="newStateHash"/>. Null when the link is unknown, was opened already,
    /// has expired or the authorization was consumed. Atomic: of two concurrent callers, one gets it.</summary>
    Task<PendingAuthorization?> TryOpenAsync(string startHash, string newStateHash, string bindingHash, DateTimeOffset now, CancellationToken ct);

    /// <summary>Marks the unexpired authorization with this state hash and browser binding consumed and returns it;
    /// null when there is none, it was consumed already, it expired or the binding differs (then nothing changes).
    /// Atomic: of two concurrent callers with the same state, one gets it.</summary>
    Task<PendingAuthorization?> TryConsumeAsync(string stateHash, string bindingHash, DateTimeOffset now, CancellationToken ct);

    Task<PendingAuthorization?> FindByStateHashAsync(string stateHash, CancellationToken ct);

    Task<PendingAuthorization?> FindByStartHashAsync(string startHash, CancellationToken ct);

    /// <summary>The user's most recently started connect, if any.</summary>
    Task<PendingAuthorization?> FindLatestForZeegUserAsync(string zeegUserId, CancellationToken ct);

    /// <summary>Deletes at most <paramref name="batchSize"/> authorizations that expired before <paramref name="expiredBefore"/>,
    /// oldest first.</summary>
    /// <returns>How many were deleted.</returns>
    Task<int> PurgeExpiredAsync(DateTimeOffset expiredBefore, int batchSize, CancellationToken ct);
}

public interface IConnectionAuditLog
{
    Task RecordAsync(ConnectionAuditEntry entry, CancellationToken ct);

    Task<IReadOnlyList<ConnectionAuditEntry>> ListForZeegUserAsync(string zeegUserId, CancellationToken ct);
}

public sealed record ConnectionAuditEntry(string ZeegUserId, ConnectionAuditKind Kind, string? Detail, DateTimeOffset At);

public enum ConnectionAuditKind
{
    Connected = 1,
    AccessDenied = 2,
    Disconnected = 3,
    RefreshFailed = 4,
    ReauthorizationRequired = 5,
    ConnectFailed = 6,

    /// <summary>Refreshing did not extend the refresh token and it ends within 14 days; Zeeg was told.</summary>
    ReconnectSoon = 7,
}

public interface IMeetingRepository
{
    Task<WebexMeeting?> FindAsync(Guid id, CancellationToken ct);

    Task<WebexMeeting?> FindByZeegEventAsync(string zeegEventId, CancellationToken ct);

    /// <exception cref="DuplicateKeyException">A meeting for this Zeeg event exists already.</exception>
    Task AddAsync(WebexMeeting meeting, CancellationToken ct);

    /// <summary>Stores the meeting only if fewer than <paramref name="maxOutstanding"/> meetings are outstanding (0: no
    /// limit). Exact under any concurrency, across processes: the admission is one conditional increment of the
    /// maintained outstanding counter, in the insert's transaction.</summary>
    /// <returns>false when the backlog is full (nothing was stored).</returns>
    /// <exception cref="DuplicateKeyException">A meeting for this Zeeg event exists already (nothing was stored).</exception>
    Task<bool> TryAddAsync(WebexMeeting meeting, int maxOutstanding, CancellationToken ct);

    /// <summary>Writes the meeting if the stored row still has <paramref name="expectedVersion"/>, and keeps the
    /// outstanding counter in step when <see cref="WebexMeeting.SyncPending"/> changed, in one transaction.</summary>
    /// <returns>false when the stored row no longer has <paramref name="expectedVersion"/> (nothing was written).</returns>
    Task<bool> UpdateAsync(WebexMeeting meeting, int expectedVersion, CancellationToken ct);

    /// <summary>Ids of meetings with work outstanding (sync pending) whose next attempt is due by <paramref name="dueBy"/>.</summary>
    Task<IReadOnlyList<Guid>> FindDueAsync(DateTimeOffset dueBy, int batchSize, CancellationToken ct);

    /// <summary>Ids of meetings whose cancellation or change waits for the host to reconnect
    /// (<see cref="WebexMeeting.IsWaitingForReconnect"/>) and whose host's connection is Active again.</summary>
    Task<IReadOnlyList<Guid>> FindWaitingForReconnectWithActiveHostAsync(int batchSize, CancellationToken ct);

    /// <summary>Ids of outstanding meetings hosted by this Zeeg user (to fail them when the connection dies).</summary>
    Task<IReadOnlyList<Guid>> FindOutstandingForUserAsync(string zeegUserId, CancellationToken ct);

    Task<IReadOnlyList<WebexMeeting>> ListForUserAsync(string zeegUserId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>How many meetings have work outstanding (the backlog the jobs still have to push to Webex), counted
    /// row by row: the truth the maintained counter is reconciled with.</summary>
    Task<int> CountOutstandingAsync(CancellationToken ct);

    /// <summary>The maintained outstanding counter the back-pressure admits events against.</summary>
    Task<int> ReadOutstandingCounterAsync(CancellationToken ct);

    /// <summary>Sets the maintained counter to the true count (a safety net: every write keeps it in step already).</summary>
    /// <returns>The true count and what the counter held before.</returns>
    Task<(int Counted, int Stored)> ReconcileOutstandingCounterAsync(CancellationToken ct);
}

/// <summary>A unique key (Zeeg user, Zeeg event) was already taken by a concurrent writer.</summary>
public sealed class DuplicateKeyException(string message, Exception? inner = null) : Exception(message, inner);
