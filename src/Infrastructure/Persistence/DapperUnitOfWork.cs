using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>A database transaction that every repository called inside it joins (see <see cref="DbSession"/>).</summary>
public sealed class DapperUnitOfWork(IDbConnectionFactory connections) : IUnitOfWork
{
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        if (DbSession.Current(connections) is not null) return await work(ct);

        await using var session = await DbSession.BeginAsync(connections, ct);
        // Set inside this async method: the value flows into the work and is gone again for our caller.
        session.MakeAmbient();
        T result;
        try
        {
            result = await work(ct);
        }
        finally
        {
            DbSession.ClearAmbient();
        }

        await session.CommitAsync(ct);
        return result;
    }
}
