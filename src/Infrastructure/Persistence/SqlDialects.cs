using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>
/// The few places where SQLite and SQL Server differ for the statements we run. Everything else is one
/// SQL text shared by both engines, kept next to the repository method that runs it.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>Limits an ordered query to <c>@Take</c> rows. The query must end with its ORDER BY.</summary>
    string Page(string orderedQuery);

    /// <summary>Whether the exception is the engine refusing a row because a unique key is taken.</summary>
    bool IsUniqueViolation(Exception exception);

    /// <summary>Whether the exception is the engine giving up on a lock another writer holds (or a deadlock it broke):
    /// nothing was written, and the same request may succeed a moment later.</summary>
    bool IsBusy(Exception exception);
}

public sealed class SqliteDialect : ISqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string Page(string orderedQuery) => orderedQuery + "\nLIMIT @Take";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } e
        && e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    // The primary code is enough: every extended BUSY_* / LOCKED_* code shares it.
    public bool IsBusy(Exception exception) => exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };
}

public sealed class SqlServerDialect : ISqlDialect
{
    private const int UniqueConstraintViolation = 2627;
    private const int UniqueIndexViolation = 2601;
    private const int LockRequestTimeout = 1222;
    private const int DeadlockVictim = 1205;

    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    // OFFSET/FETCH rather than TOP so the limit goes at the end like SQLite's LIMIT and the query text stays shared.
    public string Page(string orderedQuery) => orderedQuery + "\nOFFSET 0 ROWS FETCH NEXT @Take ROWS ONLY";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqlException e && e.Errors.Cast<SqlError>().Any(x => x.Number is UniqueConstraintViolation or UniqueIndexViolation);

    public bool IsBusy(Exception exception) =>
        exception is SqlException e && e.Errors.Cast<SqlError>().Any(x => x.Number is LockRequestTimeout or DeadlockVictim);
}
