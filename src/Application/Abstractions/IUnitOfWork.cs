namespace ZeegWebex.Application.Abstractions;

/// <summary>One database transaction around several repository calls: a state change and the outcome notice it causes
/// (<see cref="IZeegNotifier"/>) are stored together or not at all.</summary>
public interface IUnitOfWork
{
    /// <summary>Runs <paramref name="work"/> in one transaction and commits it when the work returns; an exception rolls
    /// everything back. Called inside a running unit of work, it joins that one. Keep the work short and free of calls
    /// to Webex or other remote services: the transaction holds the database's write lock (SQLite has one writer).</summary>
    Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct);
}
