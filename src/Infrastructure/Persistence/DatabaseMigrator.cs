using DbUp.Engine;
using Microsoft.Extensions.Logging;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>
/// Applies the SQL scripts embedded from db/migrations/&lt;engine&gt; with DbUp, which journals what ran in
/// <see cref="JournalTable"/> so each script runs once per database.
/// </summary>
public sealed class DatabaseMigrator(IDatabaseEngine engine, ILogger<DatabaseMigrator> logger) : IMigrationStatus
{
    public const string JournalTable = "schema_versions";

    public async Task MigrateAsync(CancellationToken ct)
    {
        await engine.PrepareAsync(ct);

        // DbUp is synchronous; keep it off the caller's thread so a slow server does not block startup's thread pool.
        var result = await Task.Run(() => BuildEngine().PerformUpgrade(), ct);
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Database migration failed in script '{result.ErrorScript?.Name ?? "(none)"}' on {engine.Provider}: {result.Error?.Message}",
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
            await using (await engine.Connections.OpenAsync(ct)) { }
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

    private UpgradeEngine BuildEngine() => engine.Migrations()
        // Scripts hold no $variables$; turning substitution off means a '$' in a literal can never be rewritten.
        .WithVariablesDisabled()
        .WithTransactionPerScript()
        .LogToNowhere()
        .Build();
}
