using DbUp;
using DbUp.Builder;
using Hangfire;
using Hangfire.SqlServer;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>The production store: SQL Server for our tables and for Hangfire's.</summary>
public sealed class SqlServerEngine(string connectionString) : IDatabaseEngine
{
    private const string ScriptPrefix = "Migrations.sqlserver.";

    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public IDbConnectionFactory Connections { get; } = new SqlServerConnectionFactory(connectionString);

    public ISqlDialect Dialect { get; } = new SqlServerDialect();

    public Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    public UpgradeEngineBuilder Migrations() => DeployChanges.To.SqlDatabase(Connections.ConnectionString)
        .JournalToSqlTable("dbo", DatabaseMigrator.JournalTable)
        .WithScriptsEmbeddedInAssembly(typeof(SqlServerEngine).Assembly, name => name.StartsWith(ScriptPrefix, StringComparison.Ordinal));

    public JobStorage CreateJobStorage() => new SqlServerStorage(Connections.ConnectionString, new SqlServerStorageOptions
    {
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.Zero,
    });
}
