using System.Text;
using Microsoft.Extensions.Options;

namespace ZeegWebex.Infrastructure.Security;

/// <summary>
/// Checks the key ring settings on start. Failure messages name the setting to fix and never echo a key's
/// value: they end up in start-up logs and crash reports.
/// </summary>
public sealed class TokenEncryptionOptionsValidator : IValidateOptions<TokenEncryptionOptions>
{
    public const string NoKeyConfigured =
        "No token encryption key is configured. Set TokenEncryption:CurrentKeyId and TokenEncryption:Keys:<id> " +
        "(a base64 32-byte key, e.g. from `openssl rand -base64 32` or TokenKeyRing.GenerateKey()).";

    public ValidateOptionsResult Validate(string? name, TokenEncryptionOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Check(TokenEncryptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.Keys ?? [];
        if (keys.Count == 0 && string.IsNullOrWhiteSpace(options.CurrentKeyId)) return [NoKeyConfigured];

        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyId, key) in keys)
        {
            if (string.IsNullOrWhiteSpace(keyId) || Encoding.UTF8.GetByteCount(keyId) > byte.MaxValue)
            {
                failures.Add("TokenEncryption:Keys has a key id that is empty or longer than 255 bytes.");
                continue;
            }
            if (!seen.Add(keyId)) failures.Add($"TokenEncryption:Keys:{keyId} is given twice (key ids ignore case).");
            if (!IsKey(key)) failures.Add($"TokenEncryption:Keys:{keyId} must be a base64 32-byte key.");
        }

        if (string.IsNullOrWhiteSpace(options.CurrentKeyId))
            failures.Add("TokenEncryption:CurrentKeyId is required: the id of the key in TokenEncryption:Keys that seals new tokens.");
        else if (!seen.Contains(options.CurrentKeyId))
            failures.Add($"TokenEncryption:CurrentKeyId is '{options.CurrentKeyId}', but TokenEncryption:Keys:{options.CurrentKeyId} is not set.");

        return failures;
    }

    /// <summary>
    /// Whether the current key could be guessed: the generated development key (it sits in a file beside the
    /// data), or bytes with a pattern (all zero, one value repeated, a few values cycled, a counting sequence).
    /// 32 random bytes have about 30 distinct values; fewer than 16 happens by chance with odds far below 1 in 2^100.
    /// </summary>
    internal static List<string> CheckCurrentKeyStrength(TokenEncryptionOptions options, string? developmentKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CurrentKeyId) || options.Keys is null
            || !options.Keys.TryGetValue(options.CurrentKeyId, out var base64) || string.IsNullOrWhiteSpace(base64))
        {
            return failures;
        }

        Span<byte> key = stackalloc byte[TokenKeyRing.KeySize + 1];
        try
        {
            if (!Convert.TryFromBase64String(base64.Trim(), key, out var written) || written != TokenKeyRing.KeySize) return failures;
            var bytes = key[..TokenKeyRing.KeySize];
            if (developmentKey is not null && string.Equals(base64.Trim(), developmentKey.Trim(), StringComparison.Ordinal))
            {
                failures.Add($"TokenEncryption:Keys:{options.CurrentKeyId} is the generated development key: " +
                             "outside Development configure a key of its own (`openssl rand -base64 32`).");
            }
            else if (HasPattern(bytes))
            {
                failures.Add($"TokenEncryption:Keys:{options.CurrentKeyId} is not random (all-zero, repeated or sequential bytes): " +
                             "outside Development configure a key from `openssl rand -base64 32`.");
            }
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
        return failures;
    }

    private const int MinimumDistinctBytes = 16;

    private static bool HasPattern(ReadOnlySpan<byte> key)
    {
        Span<bool> seen = stackalloc bool[256];
        var distinct = 0;
        var constantStep = true;
        for (var i = 0; i < key.Length; i++)
        {
            if (!seen[key[i]]) { seen[key[i]] = true; distinct++; }
            if (i > 1 && (byte)(key[i] - key[i - 1]) != (byte)(key[1] - key[0])) constantStep = false;
        }
        return distinct < MinimumDistinctBytes || constantStep;
    }

    private static bool IsKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64)) return false;
        Span<byte> key = stackalloc byte[TokenKeyRing.KeySize + 1];
        var ok = Convert.TryFromBase64String(base64.Trim(), key, out var written) && written == TokenKeyRing.KeySize;
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        return ok;
    }
}
