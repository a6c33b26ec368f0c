using Dapper;
using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.Infrastructure.Observability;

/// <summary>The outbox's size and how overdue its oldest row is, read for the gauges at /metrics. Both statements seek
/// ix_webex_meetings_due (sync_pending, next_attempt_at): the cost follows the backlog, not the table.</summary>
public sealed class OutboxStats(IDbConnectionFactory connections, ISqlDialect dialect)
{
    private const string CountSql = "SELECT COUNT(*) FROM webex_meetings WHERE sync_pending = 1";

    private readonly string _oldestSql = dialect.Page("""
        SELECT next_attempt_at AS NextAttemptAt FROM webex_meetings
        WHERE sync_pending = 1 AND next_attempt_at IS NOT NULL
        ORDER BY next_attempt_at
        """);

    /// <returns>The outstanding rows, and the earliest time one of them was due (null when none is).</returns>
    public async Task<(long Outstanding, DateTimeOffset? OldestDueAt)> ReadAsync(CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var count = await db.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, cancellationToken: ct));
        var oldest = count == 0 ? null : await db.QueryFirstOrDefaultAsync<OldestRow>(new CommandDefinition(_oldestSql, new { Take = 1 }, cancellationToken: ct));
        return (count, oldest?.NextAttemptAt);
    }

    private sealed class OldestRow
    {
        public DateTimeOffset NextAttemptAt { get; init; }
    }
}
