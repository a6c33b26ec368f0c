using System.Data.Common;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>
/// The connection (and transaction) a repository statement runs on. Inside a unit of work (<see cref="DapperUnitOfWork"/>)
/// every repository shares its connection and transaction, so what they write commits together; outside one, each
/// statement gets a pooled connection of its own, opened late and disposed early.
/// </summary>
internal sealed class DbSession : IAsyncDisposable
{
    private static readonly AsyncLocal<DbSession?> Ambient = new();

    private readonly bool _owned;
    private readonly List<Action> _afterCommit = [];

    private IDisposable? _writerTurn;

    private DbSession(IDbConnectionFactory factory, DbConnection connection, DbTransaction? transaction, bool owned)
    {
        Factory = factory;
        Connection = connection;
        Transaction = transaction;
        _owned = owned;
    }

    public IDbConnectionFactory Factory { get; }

    public DbConnection Connection { get; }

    public DbTransaction? Transaction { get; }

    /// <summary>The unit of work running on this database in the current async flow, if any.</summary>
    public static DbSession? Current(IDbConnectionFactory factory) =>
        Ambient.Value is { } session && ReferenceEquals(session.Factory, factory) ? session : null;

    /// <summary>The running unit of work's connection, or a connection of its own.</summary>
    public static async Task<DbSession> OpenAsync(IDbConnectionFactory factory, CancellationToken ct) =>
        Current(factory) is { } ambient
            ? new DbSession(factory, ambient.Connection, ambient.Transaction, owned: false)
            : new DbSession(factory, await factory.OpenAsync(ct), null, owned: true);

    /// <summary>A transaction for several statements that must hold together: the running unit of work's, or a new one
    /// that <see cref="CommitAsync"/> commits (disposing without committing rolls it back).</summary>
    public static async Task<DbSession> BeginAsync(IDbConnectionFactory factory, CancellationToken ct)
    {
        if (Current(factory) is { } ambient) return new DbSession(factory, ambient.Connection, ambient.Transaction, owned: false);
        var turn = await factory.EnterWriteTransactionAsync(ct);
        DbConnection? connection = null;
        try
        {
            connection = await factory.OpenAsync(ct);
            // SQLite: BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default), so the write lock is taken up front and a read
            // inside the transaction can never need an upgrade that another writer blocks.
            var transaction = await connection.BeginTransactionAsync(ct);
            return new DbSession(factory, connection, transaction, owned: true) { _writerTurn = turn };
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            turn?.Dispose();
            throw;
        }
    }

    /// <summary>Makes this session the ambient one for the rest of the calling async flow (the unit of work's body).</summary>
    internal void MakeAmbient() => Ambient.Value = this;

    internal static void ClearAmbient() => Ambient.Value = null;

    /// <summary>Runs <paramref name="action"/> once the outermost transaction has committed (never on a rollback);
    /// without a transaction, at once.</summary>
    public void AfterCommit(Action action)
    {
        if (Ambient.Value is { } ambient && ReferenceEquals(ambient.Connection, Connection) && ambient.Transaction is not null)
            ambient._afterCommit.Add(action);
        else if (Transaction is null) action();
        else _afterCommit.Add(action);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (!_owned || Transaction is null) return;
        await Transaction.CommitAsync(ct);
        foreach (var action in _afterCommit) action();
        _afterCommit.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_owned) return;
        try
        {
            if (Transaction is not null) await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            _writerTurn?.Dispose();
        }
    }
}
