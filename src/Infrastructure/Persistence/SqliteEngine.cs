using DbUp;
using DbUp.Builder;
using Hangfire;
using Hangfire.InMemory;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>The embedded default: a SQLite file, and Hangfire in memory, which is safe because our own tables, not
/// Hangfire's, hold the pending work (the sweeper re-enqueues it after a restart).</summary>
public sealed class SqliteEngine : IDatabaseEngine
{
    private const string ScriptPrefix = "Migrations.sqlite.";

    /// <param name="connectionString">Empty: the file <see cref="SqliteConnectionFactory.DefaultFileName"/> in
    /// <paramref name="dataFolder"/>.</param>
    public SqliteEngine(string? connectionString, string dataFolder, TimeSpan? busyTimeout = null)
    {
        Connections = new SqliteConnectionFactory(connectionString, dataFolder, busyTimeout);
    }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public IDbConnectionFactory Connections { get; }

    public ISqlDialect Dialect { get; } = new SqliteDialect();

    // WAL lets readers go on while one writer commits; it is a property of the file, so setting it once is enough.
    public async Task PrepareAsync(CancellationToken ct)
    {
        await using var connection = await Connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        await command.ExecuteScalarAsync(ct);
    }

    public UpgradeEngineBuilder Migrations() => DeployChanges.To.SqliteDatabase(Connections.ConnectionString)
        .JournalToSqliteTable(DatabaseMigrator.JournalTable)
        .WithScriptsEmbeddedInAssembly(typeof(SqliteEngine).Assembly, name => name.StartsWith(ScriptPrefix, StringComparison.Ordinal));

    public JobStorage CreateJobStorage() => new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
}
