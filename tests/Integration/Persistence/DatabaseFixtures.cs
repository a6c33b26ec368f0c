using Dapper;
using DotNet.Testcontainers.Builders;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Testcontainers.MsSql;
using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.IntegrationTests.Persistence;

/// <summary>A migrated database the contract tests run against, or the reason there is none here.</summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private static readonly string[] Tables = ["outcome_notices", "connection_events", "oauth_authorizations", "webex_meetings", "webex_connections"];

    private IDatabaseEngine? _engine;

    public IDatabaseEngine Engine => _engine ?? throw new InvalidOperationException(SkipReason ?? "Not initialised.");
    public IDbConnectionFactory Connections => Engine.Connections;
    public ISqlDialect Dialect => Engine.Dialect;

    /// <summary>Set when the engine is not available on this machine; every test then skips with it.</summary>
    public string? SkipReason { get; protected set; }

    public DatabaseMigrator Migrator => new(Engine, NullLogger<DatabaseMigrator>.Instance);

    public abstract Task InitializeAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected async Task UseAsync(IDatabaseEngine engine)
    {
        _engine = engine;
        await Migrator.MigrateAsync(CancellationToken.None);
    }

    /// <summary>Each test starts from empty tables so "exactly these rows" assertions hold.</summary>
    public async Task ResetAsync()
    {
        if (SkipReason is not null) return;
        await using var db = await Connections.OpenAsync(CancellationToken.None);
        foreach (var table in Tables)
            await db.ExecuteAsync($"DELETE FROM {table}");
        // The back-pressure counter counts the meetings just deleted.
        await db.ExecuteAsync("UPDATE meeting_backlog SET outstanding = 0");
    }
}

/// <summary>A fresh SQLite file per test class, migrated like the app does it.</summary>
public sealed class SqliteDatabaseFixture : DatabaseFixture
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "zeegwebex-tests", Guid.NewGuid().ToString("N"));

    public override Task InitializeAsync() =>
        UseAsync(new SqliteEngine(connectionString: null, Folder));

    public override Task DisposeAsync()
    {
        // Pooled connections keep the file open; release them before deleting it.
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        return Task.CompletedTask;
    }
}

/// <summary>
/// SQL Server from ZEEGWEBEX_SQLSERVER when set, else a Testcontainers container; without either (no Docker
/// engine here) the tests skip and say why.
/// </summary>
public sealed class SqlServerDatabaseFixture : DatabaseFixture
{
    public const string ConnectionStringVariable = "ZEEGWEBEX_SQLSERVER";
    private const string Image = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";

    private MsSqlContainer? _container;

    public override async Task InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            try
            {
                _container = new MsSqlBuilder(Image).Build();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
                await _container.StartAsync(timeout.Token);
                connectionString = _container.GetConnectionString();
            }
            catch (DockerUnavailableException e)
            {
                SkipReason = $"SQL Server tests skipped: no Docker engine for Testcontainers and {ConnectionStringVariable} is not set ({e.Message})";
                return;
            }
            catch (Exception e)
            {
                SkipReason = $"SQL Server tests skipped: the SQL Server container did not start and {ConnectionStringVariable} is not set ({e.GetType().Name}: {e.Message})";
                return;
            }
        }

        await UseAsync(new SqlServerEngine(connectionString));
    }

    public override async Task DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}
