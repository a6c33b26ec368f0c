using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.UnitTests.Support;

/// <summary>Runs the work as one "transaction" and counts them; the fakes have nothing to roll back.</summary>
internal sealed class FakeUnitOfWork : IUnitOfWork
{
    private int _transactions;

    public int Transactions => _transactions;

    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        Interlocked.Increment(ref _transactions);
        return work(ct);
    }
}
