using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Abstractions;

/// <summary>
/// A connect that was started and not yet finished: the OAuth state (stored only as a hash), the PKCE
/// verifier (sealed), the Zeeg user it is bound to and where to send the browser afterwards. Single use.
/// </summary>
public sealed record PendingAuthorization(
    Guid Id,
    string StateHash,
    string ZeegUserId,
    EncryptedToken CodeVerifier,
    string? ReturnUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
