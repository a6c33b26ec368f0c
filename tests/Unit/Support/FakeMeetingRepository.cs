using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.UnitTests.Support;

/// <summary>The meeting table in memory, with the real repository's contract: rows are copies (a handler's change is
/// stored only by a write), writes are version-checked, the Zeeg event id is unique and admission is counted against
/// the outstanding rows.</summary>
internal sealed class FakeMeetingRepository : IMeetingRepository
{
    private readonly Dictionary<Guid, WebexMeeting> _rows = [];

    /// <summary>Runs once, just before the next version-checked write: a concurrent writer getting there first.</summary>
    public Action? BeforeNextUpdate { get; set; }

    /// <summary>Runs once, just before the next insert: a concurrent request for the same event winning the race.</summary>
    public Action? BeforeNextAdd { get; set; }

    public int Writes { get; private set; }

    /// <summary>Rows read by id or by Zeeg event.</summary>
    public int Reads { get; private set; }

    public void Seed(WebexMeeting meeting) => _rows[meeting.Id] = Copy(meeting);

    public WebexMeeting Stored(string zeegEventId) =>
        Copy(_rows.Values.Single(m => m.ZeegEventId == zeegEventId));

    public WebexMeeting Stored(Guid id) => Copy(_rows[id]);

    public int Count => _rows.Count;

    public Task<WebexMeeting?> FindAsync(Guid id, CancellationToken ct) =>
        Task.FromResult(Locked(() =>
        {
            Reads++;
            return _rows.TryGetValue(id, out var m) ? Copy(m) : null;
        }));

    public Task<WebexMeeting?> FindByZeegEventAsync(string zeegEventId, CancellationToken ct) =>
        Task.FromResult(Locked(() =>
        {
            Reads++;
            return _rows.Values.Where(m => m.ZeegEventId == zeegEventId).Select(Copy).SingleOrDefault();
        }));

    public Task AddAsync(WebexMeeting meeting, CancellationToken ct) => TryAddAsync(meeting, 0, ct);

    public Task<bool> TryAddAsync(WebexMeeting meeting, int maxOutstanding, CancellationToken ct)
    {
        TakeOnce(() => BeforeNextAdd, () => BeforeNextAdd = null);
        lock (_rows)
        {
            // In the real repository's order: the backlog admits first, then the insert meets the unique key.
            if (maxOutstanding > 0 && meeting.SyncPending && _rows.Values.Count(m => m.IsOutstanding) >= maxOutstanding) return Task.FromResult(false);
            if (_rows.Values.Any(m => m.ZeegEventId == meeting.ZeegEventId))
                throw new DuplicateKeyException($"Zeeg event '{meeting.ZeegEventId}' already has a meeting.");
            _rows[meeting.Id] = Copy(meeting);
            Writes++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryClaimAsync(WebexMeeting meeting, int expectedVersion, CancellationToken ct)
    {
        lock (_rows)
        {
            if (!_rows.TryGetValue(meeting.Id, out var stored) || !stored.SyncPending) return Task.FromResult(false);
        }

        return UpdateAsync(meeting, expectedVersion, ct);
    }

    public Task<bool> UpdateAsync(WebexMeeting meeting, int expectedVersion, CancellationToken ct)
    {
        TakeOnce(() => BeforeNextUpdate, () => BeforeNextUpdate = null);
        lock (_rows)
        {
            if (!_rows.TryGetValue(meeting.Id, out var stored) || stored.Version != expectedVersion) return Task.FromResult(false);
            _rows[meeting.Id] = Copy(meeting);
            Writes++;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<Guid>> FindOutstandingForUserAsync(string zeegUserId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Guid>>(Locked(() => _rows.Values.Where(m => m.ZeegUserId == zeegUserId && m.IsOutstanding).Select(m => m.Id).ToArray()));

    public Task<IReadOnlyList<Guid>> FindDueAsync(DateTimeOffset dueBy, int batchSize, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<Guid>> FindWaitingForReconnectWithActiveHostAsync(int batchSize, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<WebexMeeting>> ListForUserAsync(string zeegUserId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        throw new NotSupportedException();

    public Task<int> CountOutstandingAsync(CancellationToken ct) => Task.FromResult(Locked(() => _rows.Values.Count(m => m.IsOutstanding)));

    public Task<int> ReadOutstandingCounterAsync(CancellationToken ct) => CountOutstandingAsync(ct);

    public Task<(int Counted, int Stored)> ReconcileOutstandingCounterAsync(CancellationToken ct) => throw new NotSupportedException();

    private T Locked<T>(Func<T> read)
    {
        lock (_rows) return read();
    }

    private static void TakeOnce(Func<Action?> get, Action clear)
    {
        var hook = get();
        if (hook is null) return;
        clear();
        hook();
    }

    private static WebexMeeting Copy(WebexMeeting m) => WebexMeeting.Rehydrate(
        m.Id, m.ZeegEventId, m.ZeegUserId, m.Schedule, m.Status, m.Location, m.SyncPending, m.Attempts, m.NextAttemptAt,
        m.LastError, m.Version, m.CreatedAt, m.UpdatedAt);
}
