using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Common;

namespace ZeegWebex.Application.Common;

/// <summary>
/// The one read -> change -> version-checked write -> retry loop. Requests and jobs change the same rows at once (a
/// reschedule while the sync job settles, a disconnect during a refresh); none holds a lock while it decides, so each
/// writes only against the version it read, and the loser reads the row again and decides afresh.
/// </summary>
internal static class OptimisticUpdate
{
    public const int DefaultAttempts = 5;

    /// <summary>Reads the row, applies <paramref name="change"/> and writes it if the stored row still has the version
    /// it was read at; when another writer came first, starts again from the read, up to <paramref name="attempts"/>
    /// times. With a <paramref name="unitOfWork"/>, each attempt is one transaction and <paramref name="announce"/>
    /// (outcome notices, audit entries) runs in it after the write, so it commits exactly with the change.</summary>
    /// <param name="read">The row as stored now; null when there is none.</param>
    /// <param name="change">Changes the row, deciding from what it finds (it may run once per attempt); false when
    /// there is nothing to change, and nothing is written.</param>
    /// <param name="known">The row as this caller just read or wrote it, if it has it: the first attempt starts from it
    /// instead of reading again (when another writer came first, the version check catches it and the next attempt reads).</param>
    public static async Task<OptimisticUpdateResult<T>> ApplyAsync<T>(
        IVersionedRepository<T> rows,
        Func<CancellationToken, Task<T?>> read,
        Func<T, bool> change,
        CancellationToken ct,
        IUnitOfWork? unitOfWork = null,
        Func<T, CancellationToken, Task>? announce = null,
        int attempts = DefaultAttempts,
        T? known = null)
        where T : class, IVersioned
    {
        // A row handed in as known costs no attempt of its own: when it turns out stale, the attempts that read follow.
        if (known is not null) attempts++;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var result = unitOfWork is null ? await AttemptAsync(ct) : await unitOfWork.RunAsync(AttemptAsync, ct);
            if (result.Status != OptimisticUpdateStatus.KeptChanging) return result;
        }

        return new(OptimisticUpdateStatus.KeptChanging, null);

        async Task<OptimisticUpdateResult<T>> AttemptAsync(CancellationToken token)
        {
            var fromKnown = Interlocked.Exchange(ref known, null);
            var row = fromKnown ?? await read(token);
            if (row is null) return new(OptimisticUpdateStatus.NotFound, null);
            var expected = row.Version;
            // "Nothing to change" is only an answer about the row as stored: a known row may be stale, so read it.
            if (!change(row)) return fromKnown is null ? new(OptimisticUpdateStatus.Unchanged, row) : new(OptimisticUpdateStatus.KeptChanging, null);
            if (!await rows.UpdateAsync(row, expected, token)) return new(OptimisticUpdateStatus.KeptChanging, null);
            if (announce is not null) await announce(row, token);
            return new(OptimisticUpdateStatus.Written, row);
        }
    }
}
