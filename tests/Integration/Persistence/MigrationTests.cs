using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Infrastructure.Persistence;
using ZeegWebex.Infrastructure.Security;

namespace ZeegWebex.IntegrationTests.Persistence;

public sealed class SqliteMigrationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zeegwebex-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Migrations_apply_to_a_fresh_file_once_and_a_second_run_applies_nothing()
    {
        var engine = new SqliteEngine(null, _folder);
        var connections = engine.Connections;
        var migrator = new DatabaseMigrator(engine, NullLogger<DatabaseMigrator>.Instance);
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "migrations", "sqlite"), "*.sql")
            .Select(f => "Migrations.sqlite." + Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

        files.Should().NotBeEmpty();
        migrator.GetDiscoveredScripts().Should().Equal(files, "every file in db/migrations/sqlite is embedded, in order");
        (await migrator.GetPendingScriptsAsync(default)).Should().Equal(files);
        (await migrator.CheckAsync(default)).IsReady.Should().BeFalse();

        await migrator.MigrateAsync(default);
        var journalAfterFirst = await JournalCountAsync(connections);
        await migrator.MigrateAsync(default);

        (await JournalCountAsync(connections)).Should().Be(journalAfterFirst).And.Be(files.Length);
        (await migrator.GetPendingScriptsAsync(default)).Should().BeEmpty();
        (await migrator.CheckAsync(default)).IsReady.Should().BeTrue();
        File.Exists(Path.Combine(_folder, SqliteConnectionFactory.DefaultFileName)).Should().BeTrue();
        await using var db = await connections.OpenAsync(default);
        (await db.ExecuteScalarAsync<string>("PRAGMA journal_mode")).Should().Be("wal");
        (await db.ExecuteScalarAsync<long>("PRAGMA foreign_keys")).Should().Be(1);
        (await db.ExecuteScalarAsync<long>("PRAGMA busy_timeout")).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Unreachable_sql_server_is_reported_not_thrown()
    {
        var engine = new SqlServerEngine("Server=127.0.0.1,1;Database=none;User Id=sa;Password=x;Connect Timeout=1;Encrypt=False");
        var migrator = new DatabaseMigrator(engine, NullLogger<DatabaseMigrator>.Instance);

        var health = await migrator.CheckAsync(default);

        health.Reachable.Should().BeFalse();
        health.IsReady.Should().BeFalse();
        health.Error.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task AddPersistence_defaults_to_a_sqlite_file_in_the_data_folder()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([]).Build();
        // The meeting repository seals join secrets with the key ring, which the host registers beside the database.
        var keyRing = new TokenKeyRing(new TokenEncryptionOptions { CurrentKeyId = "k", Keys = new() { ["k"] = TokenKeyRing.GenerateKey() } });
        var services = new ServiceCollection().AddLogging().AddSingleton<ITokenProtector>(keyRing).AddPersistence(configuration, _folder);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(default);
        await provider.GetRequiredService<IConnectionAuditLog>()
            .RecordAsync(new ConnectionAuditEntry("u", ConnectionAuditKind.Connected, null, DateTimeOffset.UtcNow), default);

        provider.GetRequiredService<ISqlDialect>().Should().BeOfType<SqliteDialect>();
        provider.GetRequiredService<IConnectionRepository>().Should().BeOfType<ConnectionRepository>();
        provider.GetRequiredService<IPendingAuthorizationRepository>().Should().NotBeNull();
        provider.GetRequiredService<IMeetingRepository>().Should().NotBeNull();
        (await provider.GetRequiredService<IMigrationStatus>().CheckAsync(default)).IsReady.Should().BeTrue();
        (await provider.GetRequiredService<IConnectionAuditLog>().ListForZeegUserAsync("u", default)).Should().HaveCount(1);
        File.Exists(Path.Combine(_folder, "zeegwebex.db")).Should().BeTrue();
    }

    [Fact]
    public void AddPersistence_for_sql_server_without_a_connection_string_fails_validation()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Database:Provider", "SqlServer")]).Build();
        using var provider = new ServiceCollection().AddLogging().AddPersistence(configuration, _folder).BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IDbConnectionFactory>();

        resolve.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*ConnectionString*");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private static async Task<long> JournalCountAsync(IDbConnectionFactory connections)
    {
        await using var db = await connections.OpenAsync(default);
        return await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {DatabaseMigrator.JournalTable}");
    }
}
