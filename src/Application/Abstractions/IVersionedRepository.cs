using ZeegWebex.Domain.Common;

namespace ZeegWebex.Application.Abstractions;

/// <summary>The version-checked write every repository of a changing aggregate offers; handlers reach it through
/// <see cref="Common.OptimisticUpdate"/>.</summary>
public interface IVersionedRepository<in T> where T : IVersioned
{
    /// <summary>Writes the row only if the stored one still has <paramref name="expectedVersion"/>.</summary>
    /// <returns>false when somebody else changed the row first (nothing was written).</returns>
    Task<bool> UpdateAsync(T row, int expectedVersion, CancellationToken ct);
}
