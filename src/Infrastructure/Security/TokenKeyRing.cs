using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Infrastructure.Security;

/// <summary>
/// Seals tokens with AES-256-GCM under the current key and opens them with whichever key sealed them.
/// The key id is the associated data, so a ciphertext relabelled with another key id fails authentication
/// instead of being opened (or misreported) under the wrong key.
/// </summary>
public sealed class TokenKeyRing : ITokenProtector, IDisposable
{
    public const int KeySize = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, byte[]> _keys;
    private readonly Lock _gate = new();
    private bool _disposed;

    public TokenKeyRing(IOptions<TokenEncryptionOptions> options)
        : this(options.Value)
    {
    }

    public TokenKeyRing(TokenEncryptionOptions options)
    {
        var failures = TokenEncryptionOptionsValidator.Check(options);
        if (failures.Count > 0) throw new InvalidOperationException(string.Join(" ", failures));

        _keys = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyId, key) in options.Keys) _keys[keyId] = Convert.FromBase64String(key.Trim());
        // Seal under the id exactly as the key ring spells it, whatever case the setting used.
        CurrentKeyId = options.Keys.Keys.First(id => string.Equals(id, options.CurrentKeyId, StringComparison.OrdinalIgnoreCase));
    }

    public string CurrentKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>
    /// A fresh random AES-256 key in the form <c>TokenEncryption:Keys:&lt;id&gt;</c> expects. For operators:
    /// generate one per rotation and keep it in the secret store, never in source control.
    /// </summary>
    public static string GenerateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize));

    public EncryptedToken Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        if (plaintext.Length == 0) throw new ArgumentException("There is nothing to protect.", nameof(plaintext));

        var plain = StrictUtf8.GetBytes(plaintext);
        var ciphertext = new byte[plain.Length];
        Span<byte> nonce = stackalloc byte[EncryptedToken.NonceSize];
        Span<byte> tag = stackalloc byte[EncryptedToken.TagSize];
        // A random 96-bit nonce per message: safe for far more tokens than one key will ever seal.
        RandomNumberGenerator.Fill(nonce);
        try
        {
            using var aes = CipherFor(_keys[CurrentKeyId]);
            aes.Encrypt(nonce, plain, ciphertext, tag, Encoding.UTF8.GetBytes(CurrentKeyId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
        return new EncryptedToken(CurrentKeyId, nonce, ciphertext, tag);
    }

    public string Unprotect(EncryptedToken token)
    {
        ArgumentNullException.ThrowIfNull(token);

        if (!_keys.TryGetValue(token.KeyId, out var key))
            throw new TokenDecryptionException(
                $"The token was sealed with key '{token.KeyId}', which is not in TokenEncryption:Keys.");

        var plain = new byte[token.Ciphertext.Length];
        try
        {
            using var aes = CipherFor(key);
            // The token's own key id, not the ring's spelling of it: that is what was authenticated at sealing.
            aes.Decrypt(token.Nonce, token.Ciphertext, token.Tag, plain, Encoding.UTF8.GetBytes(token.KeyId));
            return StrictUtf8.GetString(plain);
        }
        catch (CryptographicException ex)
        {
            // AuthenticationTagMismatchException is a CryptographicException; neither message carries secrets.
            throw new TokenDecryptionException(
                $"The token sealed with key '{token.KeyId}' could not be opened: it was tampered with or sealed with a wrong key.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public override string ToString() => $"TokenKeyRing(current: {CurrentKeyId}, keys: {string.Join(", ", _keys.Keys)})";

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var key in _keys.Values) CryptographicOperations.ZeroMemory(key);
        }
    }

    // AesGcm is not thread-safe, so each call gets its own; creating one is cheap next to the I/O around every
    // token use. The gate keeps Dispose from zeroing a key while it is being copied in, which would otherwise
    // seal a token under an all-zero key during shutdown.
    private AesGcm CipherFor(byte[] key)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return new AesGcm(key, EncryptedToken.TagSize);
        }
    }
}
