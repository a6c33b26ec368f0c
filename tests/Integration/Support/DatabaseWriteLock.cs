using Microsoft.Data.Sqlite;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>Another process holding the embedded database's write lock: an open <c>BEGIN EXCLUSIVE</c> transaction on
/// the file, until disposed (rolled back, nothing written).</summary>
public sealed class DatabaseWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private DatabaseWriteLock(SqliteConnection connection) => _connection = connection;

    public static async Task<DatabaseWriteLock> TakeAsync(ZeegWebexHost host)
    {
        var connection = new SqliteConnection($"Data Source={host.DatabaseFile};Pooling=False");
        await connection.OpenAsync();
        // The service may be writing right now: wait for it rather than fail to take the lock.
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 30000;");
        await ExecuteAsync(connection, "BEGIN EXCLUSIVE;");
        return new DatabaseWriteLock(connection);
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync(_connection, "ROLLBACK;");
        await _connection.DisposeAsync();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
