using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ZeegWebex.Infrastructure;
using ZeegWebex.Infrastructure.Persistence;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Persistence;

/// <summary>The data folder and the database hold every token, meeting and secret: only the service's user may read them.
/// Each test skips itself on Windows, where Unix file modes do not exist.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class DataFilePermissionTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "zeegwebex-tests", Guid.NewGuid().ToString("N"));

    [SkippableFact]
    public async Task The_database_file_its_journal_files_and_the_folders_made_for_it_are_owner_only()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes do not apply on Windows.");
        var folder = Path.Combine(_root, "nested", "data");
        var engine = new SqliteEngine(null, folder);
        var connections = engine.Connections;

        await new DatabaseMigrator(engine, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(default);
        await using (var db = await connections.OpenAsync(default))
        {
            File.GetUnixFileMode(Path.Combine(folder, "zeegwebex.db-wal")).Should().Be(OwnerOnlyFile, "SQLite gives the WAL the database's mode");
        }

        File.GetUnixFileMode(Path.Combine(_root, "nested")).Should().Be(OwnerOnlyFolder);
        File.GetUnixFileMode(folder).Should().Be(OwnerOnlyFolder);
        File.GetUnixFileMode(Path.Combine(folder, SqliteConnectionFactory.DefaultFileName)).Should().Be(OwnerOnlyFile);
    }

    [SkippableFact]
    public void A_database_file_left_readable_by_others_is_tightened()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes do not apply on Windows.");
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, SqliteConnectionFactory.DefaultFileName);
        File.WriteAllBytes(file, []);
        File.SetUnixFileMode(file, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        _ = new SqliteConnectionFactory(null, _root);

        File.GetUnixFileMode(file).Should().Be(OwnerOnlyFile);
    }

    [SkippableFact]
    public async Task The_service_makes_its_data_folder_owner_only()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes do not apply on Windows.");
        var folder = Path.Combine(_root, "service-data");

        await using var host = await ZeegWebexHost.StartAsync(dataFolder: folder);

        (await host.Client.GetAsync("/api/users/nobody/webex/connection")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        File.GetUnixFileMode(folder).Should().Be(OwnerOnlyFolder);
        File.GetUnixFileMode(host.DatabaseFile).Should().Be(OwnerOnlyFile);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
