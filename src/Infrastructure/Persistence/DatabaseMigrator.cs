using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>
/// Applies the SQL scripts embedded from db/migrations/&lt;engine&gt; with DbUp, which journals what ran in
/// <see cref="JournalTable"/> so each script runs once per database.
/// </summary>
public sealed class DatabaseMigrator(IDbConnectionFactory connections, ILogger<DatabaseMigrator> logger) : IMigrationStatus
{
    public const string JournalTable = "schema_versions";

    public async Task MigrateAsync(CancellationToken ct)
    {
        if (connections.Provider == DatabaseProvider.Sqlite)
            await UseWriteAheadLogAsync(ct);

        // DbUp is synchronous; keep it off the caller's thread so a slow server does not block startup's thread pool.
        var result = await Task.Run(() => BuildEngine().PerformUpgrade(), ct);
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Database migration failed in script '{result.ErrorScript?.Name ?? "(none)"}' on {connections.Provider}: {result.Error?.Message}",
                result.Error);
        }

        foreach (var script in result.Scripts)
            logger.LogInformation("Applied database migration {Script}", script.Name);
    }

    /// <summary>Names of the embedded scripts the database has not run yet.</summary>
    public Task<IReadOnlyList<string>> GetPendingScriptsAsync(CancellationToken ct) =>
        Task.Run<IReadOnlyList<string>>(() => BuildEngine().GetScriptsToExecute().Select(s => s.Name).ToArray(), ct);

    public async Task<DatabaseHealth> CheckAsync(CancellationToken ct)
    {
        try
        {
            await using (await connections.OpenAsync(ct)) { }
            var pending = await GetPendingScriptsAsync(ct);
            return new DatabaseHealth(true, pending, pending.Count == 0 ? null : $"{pending.Count} migration(s) not applied.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new DatabaseHealth(false, [], e.Message);
        }
    }

    /// <summary>The script names as they are embedded, for this engine, in the order they run.</summary>
    public IReadOnlyList<string> GetDiscoveredScripts() => BuildEngine().GetDiscoveredScripts().Select(s => s.Name).ToArray();

    private UpgradeEngine BuildEngine()
    {
        var prefix = ScriptPrefix(connections.Provider);
        var builder = connections.Provider switch
        {
            DatabaseProvider.Sqlite => DeployChanges.To.SqliteDatabase(connections.ConnectionString)
                .JournalToSqliteTable(JournalTable),
            DatabaseProvider.SqlServer => DeployChanges.To.SqlDatabase(connections.ConnectionString)
                .JournalToSqlTable("dbo", JournalTable),
            _ => throw new InvalidOperationException($"Unknown database provider {connections.Provider}."),
        };
        return builder
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            // Scripts hold no $variables$; turning substitution off means a '$' in a literal can never be rewritten.
            .WithVariablesDisabled()
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
    }

    internal static string ScriptPrefix(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "Migrations.sqlite.",
        DatabaseProvider.SqlServer => "Migrations.sqlserver.",
        _ => throw new InvalidOperationException($"Unknown database provider {provider}."),
    };

    // WAL lets readers go on while one writer commits; it is a property of the file, so setting it once is enough.
    private async Task UseWriteAheadLogAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        await command.ExecuteScalarAsync(ct);
    }
}
