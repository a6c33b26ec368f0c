using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace ZeegWebex.Infrastructure.Persistence;

public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    public const string DefaultFileName = "zeegwebex.db";

    private readonly int _busyTimeoutMilliseconds;

    /// <param name="busyTimeout">How long a statement waits for another writer's lock. Several jobs and requests write
    /// at once, and waiting briefly beats failing with SQLITE_BUSY; waiting long leaves the caller hanging.</param>
    public SqliteConnectionFactory(string? connectionString, string dataFolder, TimeSpan? busyTimeout = null)
    {
        _busyTimeoutMilliseconds = (int)(busyTimeout ?? TimeSpan.FromSeconds(5)).TotalMilliseconds;
        DapperTypeHandlers.EnsureRegistered();
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(connectionString) ? $"Data Source={Path.Combine(dataFolder, DefaultFileName)}" : connectionString)
        {
            // Microsoft.Data.Sqlite runs this once per native handle, for every opener of this connection string
            // (the migrator too), so no handle in the shared pool ever runs without foreign keys.
            ForeignKeys = true,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy statement itself until the command timeout (30 s by default) on top
            // of SQLite's own busy wait, so a held lock kept a request waiting over half a minute. Both now end together.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(_busyTimeoutMilliseconds / 1000.0)),
        };
        // The file is made here, owner-only, before SQLite would create it with the process's default mode (usually
        // world-readable); SQLite takes an empty file as an empty database.
        if (IsPlainFile(builder)) OwnerOnlyFiles.CreateFile(builder.DataSource);
        ConnectionString = builder.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>SQLite has one writer at a time, and a writer that finds the lock taken sleeps in SQLite's busy handler
    /// (1, 2, 5, 10 ... 100 ms) before it looks again, so under load a commit of a millisecond waited tens of
    /// milliseconds. Write transactions of this process queue here instead, first come first served, and each starts
    /// the moment the previous one ends. Another process on the same file still meets the busy handler; so does a
    /// transaction that waited longer than the busy timeout here (then it goes ahead and lets SQLite decide, as before).</summary>
    public async ValueTask<IDisposable?> EnterWriteTransactionAsync(CancellationToken ct) =>
        await _writers.WaitAsync(_busyTimeoutMilliseconds, ct) ? new WriterTurn(_writers) : null;

    private readonly SemaphoreSlim _writers = new(1, 1);

    private sealed class WriterTurn(SemaphoreSlim writers) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) writers.Release();
        }
    }

    // In-memory databases, URI file names and read-only opens are the caller's business: nothing to create.
    private static bool IsPlainFile(SqliteConnectionStringBuilder builder) =>
        !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:"
        && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
        && builder.Mode == SqliteOpenMode.ReadWriteCreate;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            // A pooled connection keeps its SQLite handle, and the handle keeps its settings: each handle is set up once,
            // when this factory first opens it, instead of with a statement before every use.
            if (!_configured.TryGetValue(connection.Handle!, out _))
            {
                await ConfigureAsync(connection, ct);
                _configured.AddOrUpdate(connection.Handle!, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static readonly object Configured = new();

    // Keyed weakly by the native handle: a handle the pool drops (and SQLite closes) leaves no entry behind.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

    private async Task ConfigureAsync(SqliteConnection connection, CancellationToken ct)
    {
        // Microsoft.Data.Sqlite only polls on SQLITE_BUSY; SQLite's own busy handler waits for the lock precisely.
        // synchronous = NORMAL (per connection; the migrator made the file WAL): a commit is appended to the WAL
        // without waiting for fsync, so it survives the process being killed (kill -9, a crash: the OS still
        // writes the file) and only an OS crash or power loss can drop the last commits before a checkpoint.
        // SQLite's default, FULL, made every commit wait for the disk: three per meeting on SQLite's single writer
        // (outbox insert, claim, result), which set the pace under load (bench c).
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(ct);
    }
}
