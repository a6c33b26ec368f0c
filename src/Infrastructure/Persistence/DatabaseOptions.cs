namespace ZeegWebex.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite = 1,
    SqlServer = 2,
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The embedded SQLite file is the default so a fresh checkout runs with nothing installed.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for SQL Server. For SQLite, when empty, a file <c>zeegwebex.db</c> in the data folder is used.</summary>
    public string? ConnectionString { get; set; }
}
