using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Abstractions;

/// <summary>Seals secrets (Webex tokens, PKCE verifiers, meetings' join secrets) for storage and opens them again.
/// The one sealing code path: every secret at rest goes through it, and key rotation moves all of them.</summary>
public interface ITokenProtector
{
    /// <summary>The key new secrets are sealed with; older keys only open.</summary>
    string CurrentKeyId { get; }

    EncryptedToken Protect(string plaintext);

    /// <exception cref="TokenDecryptionException">The key is unknown or the token was tampered with.</exception>
    string Unprotect(EncryptedToken token);
}
