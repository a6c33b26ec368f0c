namespace ZeegWebex.Application.Abstractions;

/// <summary>The outbox of outcome webhooks. Rows are written in the transaction of the change they announce and
/// delivered at least once, by whichever service process claims them first.</summary>
public interface IOutcomeNoticeRepository
{
    Task AddAsync(OutcomeNotice notice, CancellationToken ct);

    Task<OutcomeNotice?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>Ids of undelivered notices due by <paramref name="dueBy"/>, most overdue first.</summary>
    Task<IReadOnlyList<Guid>> FindDueAsync(DateTimeOffset dueBy, int batchSize, CancellationToken ct);

    /// <summary>Claims a due notice for one delivery attempt, in one conditional statement: the attempt is counted and
    /// the notice is not due again before <paramref name="leaseUntil"/>, so of two processes claiming at once one wins,
    /// and a process that dies mid-attempt leaves it to be claimed again once the lease ends.</summary>
    /// <returns>The claimed notice, or null when it is not due (delivered, given up, or leased by another attempt).</returns>
    Task<OutcomeNotice?> TryClaimAsync(Guid id, Guid owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Records the delivery and drops the body (it holds join details and invitees that Zeeg now has).</summary>
    /// <returns>false when <paramref name="owner"/> no longer holds the claim (its lease ran out and another took it).</returns>
    Task<bool> MarkDeliveredAsync(Guid id, Guid owner, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records a failed attempt: due again at <paramref name="retryAt"/>, or never when it is null (given up).</summary>
    /// <returns>false when <paramref name="owner"/> no longer holds the claim.</returns>
    Task<bool> RecordFailureAsync(Guid id, Guid owner, string error, DateTimeOffset? retryAt, CancellationToken ct);

    /// <summary>Deletes notices delivered before <paramref name="deliveredBefore"/>.</summary>
    /// <returns>How many were deleted.</returns>
    Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken ct);
}
