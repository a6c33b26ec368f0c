namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>
/// The few places where SQLite and SQL Server differ for the statements we run. Everything else is one
/// SQL text shared by both engines, kept next to the repository method that runs it.
/// </summary>
public interface ISqlDialect
{
    /// <summary>Limits an ordered query to <c>@Take</c> rows. The query must end with its ORDER BY.</summary>
    string Page(string orderedQuery);

    /// <summary>Whether the exception is the engine refusing a row because a unique key is taken.</summary>
    bool IsUniqueViolation(Exception exception);

    /// <summary>Whether the exception is the engine giving up on a lock another writer holds (or a deadlock it broke):
    /// nothing was written, and the same request may succeed a moment later.</summary>
    bool IsBusy(Exception exception);
}
