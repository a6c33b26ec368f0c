namespace ZeegWebex.Domain.Common;

/// <summary>An aggregate stored under optimistic concurrency: every change moves <see cref="Version"/> on, and a write
/// succeeds only against the version the row was read at.</summary>
public interface IVersioned
{
    int Version { get; }
}
