namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The embedded SQLite file is the default so a fresh checkout runs with nothing installed.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for SQL Server. For SQLite, when empty, a file <c>zeegwebex.db</c> in the data folder is used.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite: how long a statement waits for another writer's lock before it gives up. Kept well under the
    /// time a caller waits for an answer, so a locked database answers 503 with Retry-After instead of hanging.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Retry-After sent with the 503 that a locked database (or a SQL Server lock timeout or deadlock) gets.</summary>
    public TimeSpan BusyRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
