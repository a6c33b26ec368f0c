using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>The "Database" configuration section, checked by <see cref="DatabaseOptionsValidator"/>.</summary>
public sealed class DatabaseOptions : IValidatableObject
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

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Provider)) yield return new ValidationResult("Database:Provider must be Sqlite or SqlServer.");
        if (Provider == DatabaseProvider.SqlServer && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult("Database:ConnectionString is required when Database:Provider is SqlServer.");
        if (BusyTimeout < TimeSpan.FromMilliseconds(100) || BusyTimeout > TimeSpan.FromSeconds(30))
            yield return new ValidationResult("Database:BusyTimeout must be between 100 milliseconds and 30 seconds.");
        if (BusyRetryAfter < TimeSpan.FromSeconds(1) || BusyRetryAfter > TimeSpan.FromMinutes(10))
            yield return new ValidationResult("Database:BusyRetryAfter must be between 1 second and 10 minutes.");
    }
}
