namespace ZeegWebex.Domain.Common;

/// <summary>An invariant of the domain was about to be broken.</summary>
public sealed class DomainException(string message) : Exception(message);
