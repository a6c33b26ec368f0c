namespace ZeegWebex.Application.Abstractions;

public sealed class TokenDecryptionException(string message, Exception? inner = null) : Exception(message, inner);
