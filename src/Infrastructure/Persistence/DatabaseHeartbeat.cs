using Dapper;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>Proves the database takes writes: stores the time in the one-row heartbeat table and commits. Reading
/// alone does not notice a read-only file, a lock held by another writer or a full disk, which all fail writes.</summary>
public sealed class DatabaseHeartbeat(IDbConnectionFactory connections)
{
    private readonly DatabaseHeartbeatStatements _sql = new();

    /// <exception cref="System.Data.Common.DbException">The database refused the write.</exception>
    public async Task BeatAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        // The row comes with the migration; should somebody have deleted it, the probe puts it back.
        if (await db.ExecuteAsync(new CommandDefinition(_sql.Beat, new { Now = now }, cancellationToken: ct)) == 0)
            await db.ExecuteAsync(new CommandDefinition(_sql.Insert, new { Now = now }, cancellationToken: ct));
    }
}

internal sealed class DatabaseHeartbeatStatements : ISqlStatements
{
    public string Beat { get; } = "UPDATE health_heartbeat SET beat_at = @Now WHERE id = 1";

    public string Insert { get; } = "INSERT INTO health_heartbeat (id, beat_at) VALUES (1, @Now)";
}
