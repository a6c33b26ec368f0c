using System.Security.Cryptography;
using System.Text;

namespace ZeegWebex.Application.Connections;

/// <summary>State, PKCE verifier and challenge for one authorization (RFC 7636, S256), and the start link and
/// browser binding that tie it to one browser.</summary>
internal static class OAuthSecrets
{
    public static string NewState() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewStartToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewBindingValue() => Base64Url(RandomNumberGenerator.GetBytes(32));

    // 64 random bytes give an 86-character verifier, inside RFC 7636's 43..128 range.
    public static string NewCodeVerifier() => Base64Url(RandomNumberGenerator.GetBytes(64));

    public static string ChallengeFor(string codeVerifier) =>
        Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));

    // Only a hash of the state, start link and binding is stored: a leaked table row cannot be replayed.
    public static string HashState(string state) => Hash(state);

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
