namespace ZeegWebex.Api.Security;

/// <summary>Cheap tests that a configured secret was not typed by hand: a secret of one character repeated (32 × 'a')
/// or a few cycled has long length but almost no entropy.</summary>
public static class SecretStrength
{
    /// <summary>A random base64 or hex secret of 16+ characters has at least 10 distinct characters with overwhelming
    /// odds; a passphrase of words has more.</summary>
    public const int MinimumDistinctCharacters = 10;

    public static bool HasTooFewDistinctCharacters(string secret, int minimum = MinimumDistinctCharacters) =>
        secret.Distinct().Take(minimum).Count() < minimum;
}
