using Dapper;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Infrastructure.Persistence;

public sealed class ConnectionAuditLog(IDbConnectionFactory connections) : IConnectionAuditLog
{
    private readonly ConnectionAuditStatements _sql = new();

    public async Task RecordAsync(ConnectionAuditEntry entry, CancellationToken ct)
    {
        var parameters = new { entry.ZeegUserId, Kind = (int)entry.Kind, entry.Detail, entry.At };
        await using var db = await DbSession.OpenAsync(connections, ct);
        await db.Connection.ExecuteAsync(new CommandDefinition(_sql.Insert, parameters, db.Transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ConnectionAuditEntry>> ListForZeegUserAsync(string zeegUserId, CancellationToken ct)
    {
        await using var db = await DbSession.OpenAsync(connections, ct);
        var rows = await db.Connection.QueryAsync<EventRow>(new CommandDefinition(_sql.ListForZeegUser, new { ZeegUserId = zeegUserId }, db.Transaction, cancellationToken: ct));
        return rows.Select(r => new ConnectionAuditEntry(r.ZeegUserId, (ConnectionAuditKind)r.Kind, r.Detail, r.At)).ToList();
    }

    private sealed class EventRow
    {
        public string ZeegUserId { get; init; } = "";
        public int Kind { get; init; }
        public string? Detail { get; init; }
        public DateTimeOffset At { get; init; }
    }
}

internal sealed class ConnectionAuditStatements : ISqlStatements
{
    public string Insert { get; } = """
        INSERT INTO connection_events (zeeg_user_id, kind, detail, at)
        VALUES (@ZeegUserId, @Kind, @Detail, @At)
        """;

    // Oldest first; id breaks ties between events recorded in the same tick, in the order they were written.
    public string ListForZeegUser { get; } = """
        SELECT zeeg_user_id AS ZeegUserId, kind AS Kind, detail AS Detail, at AS At
        FROM connection_events WHERE zeeg_user_id = @ZeegUserId
        ORDER BY at, id
        """;
}
