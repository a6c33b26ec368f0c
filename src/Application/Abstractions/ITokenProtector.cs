using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Abstractions;

/// <summary>Seals secrets (tokens, PKCE verifiers) for storage and opens them again.</summary>
public interface ITokenProtector
{
    /// <summary>The key new secrets are sealed with; older keys only open.</summary>
    string CurrentKeyId { get; }

    EncryptedToken Protect(string plaintext);

    /// <exception cref="TokenDecryptionException">The key is unknown or the token was tampered with.</exception>
    string Unprotect(EncryptedToken token);
}

public sealed class TokenDecryptionException(string message, Exception? inner = null) : Exception(message, inner);
