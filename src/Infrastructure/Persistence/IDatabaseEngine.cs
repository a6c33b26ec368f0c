using DbUp.Builder;
using Hangfire;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>
/// Everything that differs between the database engines, chosen once from Database:Provider
/// (<see cref="For"/>): how connections are opened, the SQL dialect, where the migrations journal and which scripts
/// run, and where Hangfire keeps its jobs. Nothing else in the service asks which engine it runs on.
/// </summary>
public interface IDatabaseEngine
{
    DatabaseProvider Provider { get; }

    IDbConnectionFactory Connections { get; }

    ISqlDialect Dialect { get; }

    /// <summary>One-time settings of the database itself that must hold before any migration runs.</summary>
    Task PrepareAsync(CancellationToken ct);

    /// <summary>DbUp aimed at this engine's database and journal, with this engine's embedded scripts.</summary>
    UpgradeEngineBuilder Migrations();

    JobStorage CreateJobStorage();

    /// <summary>The engine <paramref name="options"/> name; the one place the provider is switched on.</summary>
    /// <param name="dataFolder">Where the default SQLite file lives when no connection string is set.</param>
    static IDatabaseEngine For(DatabaseOptions options, string dataFolder) => options.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteEngine(options.ConnectionString, dataFolder, options.BusyTimeout),
        DatabaseProvider.SqlServer => new SqlServerEngine(options.ConnectionString!),
        _ => throw new InvalidOperationException($"Unknown database provider {options.Provider}."),
    };
}
