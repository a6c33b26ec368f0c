using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Abstractions;

public interface IPendingAuthorizationRepository
{
    Task AddAsync(PendingAuthorization authorization, CancellationToken ct);

    /// <summary>Opens the start link with this hash: binds the authorization to the browser (<paramref name="bindingHash"/>)
    /// and replaces its state with <paramref name="newStateHash"/>. Null when the link is unknown, was opened already,
    /// has expired or the authorization was consumed. Atomic: of two concurrent callers, one gets it.</summary>
    Task<PendingAuthorization?> TryOpenAsync(string startHash, string newStateHash, string bindingHash, DateTimeOffset now, CancellationToken ct);

    /// <summary>Marks the unexpired authorization with this state hash and browser binding consumed and returns it;
    /// null when there is none, it was consumed already, it expired or the binding differs (then nothing changes).
    /// Atomic: of two concurrent callers with the same state, one gets it.</summary>
    Task<PendingAuthorization?> TryConsumeAsync(string stateHash, string bindingHash, DateTimeOffset now, CancellationToken ct);

    Task<PendingAuthorization?> FindByStateHashAsync(string stateHash, CancellationToken ct);

    Task<PendingAuthorization?> FindByStartHashAsync(string startHash, CancellationToken ct);

    /// <summary>The user's most recently started connect, if any.</summary>
    Task<PendingAuthorization?> FindLatestForZeegUserAsync(string zeegUserId, CancellationToken ct);

    /// <summary>Deletes at most <paramref name="batchSize"/> authorizations that expired before <paramref name="expiredBefore"/>,
    /// oldest first.</summary>
    /// <returns>How many were deleted.</returns>
    Task<int> PurgeExpiredAsync(DateTimeOffset expiredBefore, int batchSize, CancellationToken ct);
}
