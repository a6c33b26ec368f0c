using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Abstractions;

/// <remarks>Its version-checked write (<see cref="IVersionedRepository{T}.UpdateAsync"/>) also keeps the outstanding
/// counter in step when <see cref="WebexMeeting.SyncPending"/> changed, in the same transaction.</remarks>
public interface IMeetingRepository : IVersionedRepository<WebexMeeting>
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

    /// <summary>Stores an attempt's claim (<see cref="WebexMeeting.BeginAttempt"/>: the attempt count, the lease, the
    /// version and the time) if the row is still at <paramref name="expectedVersion"/>. One statement: a claim never
    /// changes <see cref="WebexMeeting.SyncPending"/>, so the outstanding counter is not involved.</summary>
    /// <returns>false when another writer changed the row first (nothing was stored).</returns>
    Task<bool> TryClaimAsync(WebexMeeting meeting, int expectedVersion, CancellationToken ct);

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
