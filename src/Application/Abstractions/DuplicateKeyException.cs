namespace ZeegWebex.Application.Abstractions;

/// <summary>A unique key (Zeeg user, Zeeg event) was already taken by a concurrent writer.</summary>
public sealed class DuplicateKeyException(string message, Exception? inner = null) : Exception(message, inner);
