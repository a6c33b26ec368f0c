using System.Data.Common;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>Hands out open connections; callers open them right before the statement and dispose them right after.</summary>
public interface IDbConnectionFactory
{
    /// <summary>The connection string as actually used (for SQLite: with the file path and pragmas resolved).</summary>
    string ConnectionString { get; }

    Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>Called before a write transaction begins; disposing the answer (after commit or rollback) lets the next
    /// one in. An engine that serialises writers itself answers null.</summary>
    ValueTask<IDisposable?> EnterWriteTransactionAsync(CancellationToken ct) => ValueTask.FromResult<IDisposable?>(null);
}
