using Dapper;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Users.EraseUserData;

namespace ZeegWebex.Infrastructure.Persistence;

public sealed class UserDataEraser(IDbConnectionFactory connections) : IUserDataEraser
{
    private readonly UserDataStatements _sql = new();

    public async Task<ErasedUserData> EraseAsync(string zeegUserId, CancellationToken ct)
    {
        var parameters = new { ZeegUserId = zeegUserId };
        // One transaction (a write transaction like any other, so it takes its turn with them): a failure half-way
        // leaves everything in place to erase again, never half a user. Work that races with it (a meeting job, a token
        // refresh) finds its row gone and its compare-and-swap matching nothing.
        await using var db = await DbSession.BeginAsync(connections, ct);
        var (connection, transaction) = (db.Connection, db.Transaction);
        // The back-pressure counter first (the lock order of every meeting write): the user's sync-pending meetings
        // leave the backlog with their rows, so the counter stays exact without waiting for the reconciliation.
        var pending = await connection.ExecuteScalarAsync<int>(new CommandDefinition(_sql.CountPendingMeetings, parameters, transaction, cancellationToken: ct));
        if (pending > 0)
            await connection.ExecuteAsync(new CommandDefinition(_sql.AdjustBacklog, new { Delta = -pending }, transaction, cancellationToken: ct));
        var meetings = await connection.ExecuteAsync(new CommandDefinition(_sql.DeleteMeetings, parameters, transaction, cancellationToken: ct));
        var connectionRows = await connection.ExecuteAsync(new CommandDefinition(_sql.DeleteConnection, parameters, transaction, cancellationToken: ct));
        var authorizations = await connection.ExecuteAsync(new CommandDefinition(_sql.DeleteAuthorizations, parameters, transaction, cancellationToken: ct));
        var audit = await connection.ExecuteAsync(new CommandDefinition(_sql.DeleteAuditEntries, parameters, transaction, cancellationToken: ct));
        // Undelivered notices carry the user's meetings (titles, invitees, join details): they are not sent after erasure.
        var notices = await connection.ExecuteAsync(new CommandDefinition(_sql.DeleteOutcomeNotices, parameters, transaction, cancellationToken: ct));
        await db.CommitAsync(ct);
        return new ErasedUserData(connectionRows, meetings, authorizations, audit, notices);
    }
}

/// <summary>Every table that holds a Zeeg user's data, each keyed (and indexed) by zeeg_user_id, and the backlog counter.</summary>
internal sealed class UserDataStatements : ISqlStatements
{
    public string CountPendingMeetings { get; } = "SELECT COUNT(*) FROM webex_meetings WHERE zeeg_user_id = @ZeegUserId AND sync_pending = 1";

    // The same never-below-zero adjustment every meeting write makes (MeetingRepository).
    public string AdjustBacklog { get; } = MeetingStatements.AdjustOutstandingSql;

    public string DeleteMeetings { get; } = "DELETE FROM webex_meetings WHERE zeeg_user_id = @ZeegUserId";

    public string DeleteConnection { get; } = "DELETE FROM webex_connections WHERE zeeg_user_id = @ZeegUserId";

    public string DeleteAuthorizations { get; } = "DELETE FROM oauth_authorizations WHERE zeeg_user_id = @ZeegUserId";

    public string DeleteAuditEntries { get; } = "DELETE FROM connection_events WHERE zeeg_user_id = @ZeegUserId";

    public string DeleteOutcomeNotices { get; } = "DELETE FROM outcome_notices WHERE zeeg_user_id = @ZeegUserId";
}
