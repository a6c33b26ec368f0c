namespace ZeegWebex.Domain.Connections;

/// <summary>
/// A connect that was started and not yet finished: the OAuth state (stored only as a hash), the PKCE
/// verifier (sealed), the Zeeg user it is bound to and where to send the browser afterwards. Single use.
/// </summary>
/// <param name="StartHash">Hash of the single-use start link the Zeeg main app hands the browser.</param>
/// <param name="StartExpiresAt">The start link cannot be opened after this.</param>
/// <param name="BindingHash">Hash of the cookie value set in the browser that opened the start link; the callback
/// must bring the same value back. Null until the link is opened.</param>
/// <param name="OpenedAt">When the browser opened the start link and was sent on to Webex.</param>
/// <param name="ConsumedAt">When a callback used it up.</param>
public sealed record PendingAuthorization(
    Guid Id,
    string StateHash,
    string ZeegUserId,
    EncryptedToken CodeVerifier,
    string? ReturnUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? StartHash = null,
    DateTimeOffset? StartExpiresAt = null,
    string? BindingHash = null,
    DateTimeOffset? OpenedAt = null,
    DateTimeOffset? ConsumedAt = null);
