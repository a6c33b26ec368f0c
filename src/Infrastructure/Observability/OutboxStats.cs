using Dapper;
using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.Infrastructure.Observability;

/// <summary>The two outboxes as the gauges at /metrics show them: meetings with work outstanding for Webex, and outcome
/// notices waiting for the Zeeg main app, each with how overdue its most overdue entry is. Every read is O(1) or follows
/// the backlog, never the table: the meeting count is the maintained back-pressure counter (meeting_backlog), the
/// oldest meeting seeks ix_webex_meetings_due, and the notices count and seek ix_outcome_notices_due (filtered to
/// notices still to be sent).</summary>
public sealed class OutboxStats(IDbConnectionFactory connections, ISqlDialect dialect)
{
    private const string MeetingsSql = "SELECT outstanding FROM meeting_backlog WHERE id = 1";

    private const string NoticesSql = "SELECT COUNT(*) FROM outcome_notices WHERE next_attempt_at IS NOT NULL";

    private readonly string _oldestMeetingSql = dialect.Page("""
        SELECT next_attempt_at AS DueAt FROM webex_meetings
        WHERE sync_pending = 1 AND next_attempt_at IS NOT NULL
        ORDER BY next_attempt_at
        """);

    private readonly string _oldestNoticeSql = dialect.Page("""
        SELECT next_attempt_at AS DueAt FROM outcome_notices
        WHERE next_attempt_at IS NOT NULL
        ORDER BY next_attempt_at
        """);

    public async Task<OutboxReading> ReadAsync(CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var meetings = await db.ExecuteScalarAsync<long>(new CommandDefinition(MeetingsSql, cancellationToken: ct));
        var oldestMeeting = meetings == 0 ? null : await OldestAsync(db, _oldestMeetingSql, ct);
        var notices = await db.ExecuteScalarAsync<long>(new CommandDefinition(NoticesSql, cancellationToken: ct));
        var oldestNotice = notices == 0 ? null : await OldestAsync(db, _oldestNoticeSql, ct);
        return new OutboxReading(meetings, oldestMeeting, notices, oldestNotice);
    }

    private static async Task<DateTimeOffset?> OldestAsync(System.Data.Common.DbConnection db, string sql, CancellationToken ct) =>
        (await db.QueryFirstOrDefaultAsync<DueRow>(new CommandDefinition(sql, new { Take = 1 }, cancellationToken: ct)))?.DueAt;

    private sealed class DueRow
    {
        public DateTimeOffset DueAt { get; init; }
    }
}
