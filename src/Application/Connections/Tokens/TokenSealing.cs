using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.Tokens;

/// <summary>How a connection's Webex tokens are sealed for storage, written once for the connect, the refresh and key
/// rotation: a grant becomes a <see cref="TokenGrant"/> with both tokens under the current key and its expiries counted
/// from when Webex answered, and a stored token moves under the current key without changing what it is.</summary>
public static class TokenSealing
{
    public static TokenGrant Seal(this ITokenProtector protector, WebexTokens tokens, DateTimeOffset receivedAt) => new(
        protector.Protect(tokens.AccessToken), receivedAt + tokens.AccessTokenLifetime,
        protector.Protect(tokens.RefreshToken), receivedAt + tokens.RefreshTokenLifetime);

    /// <summary>The same token sealed under <see cref="ITokenProtector.CurrentKeyId"/>; itself when it already is.</summary>
    /// <exception cref="TokenDecryptionException">The key that sealed it is no longer configured.</exception>
    public static EncryptedToken SealUnderCurrentKey(this ITokenProtector protector, EncryptedToken token) =>
        token.KeyId == protector.CurrentKeyId ? token : protector.Protect(protector.Unprotect(token));
}
