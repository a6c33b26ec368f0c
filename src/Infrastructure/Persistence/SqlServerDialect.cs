using Microsoft.Data.SqlClient;

namespace ZeegWebex.Infrastructure.Persistence;

public sealed class SqlServerDialect : ISqlDialect
{
    private const int UniqueConstraintViolation = 2627;
    private const int UniqueIndexViolation = 2601;
    private const int LockRequestTimeout = 1222;
    private const int DeadlockVictim = 1205;

    // OFFSET/FETCH rather than TOP so the limit goes at the end like SQLite's LIMIT and the query text stays shared.
    public string Page(string orderedQuery) => orderedQuery + "\nOFFSET 0 ROWS FETCH NEXT @Take ROWS ONLY";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqlException e && e.Errors.Cast<SqlError>().Any(x => x.Number is UniqueConstraintViolation or UniqueIndexViolation);

    public bool IsBusy(Exception exception) =>
        exception is SqlException e && e.Errors.Cast<SqlError>().Any(x => x.Number is LockRequestTimeout or DeadlockVictim);
}
