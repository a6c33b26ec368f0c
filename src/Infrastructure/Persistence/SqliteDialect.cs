using Microsoft.Data.Sqlite;

namespace ZeegWebex.Infrastructure.Persistence;

public sealed class SqliteDialect : ISqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public string Page(string orderedQuery) => orderedQuery + "\nLIMIT @Take";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } e
        && e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    // The primary code is enough: every extended BUSY_* / LOCKED_* code shares it.
    public bool IsBusy(Exception exception) => exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };
}
