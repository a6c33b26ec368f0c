using System.Text;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.UnitTests.Support;

/// <summary>Seals without encrypting (the plaintext is the "ciphertext"), so a test can read what a handler stored.
/// Tokens sealed under any other key id cannot be opened, as with a removed key.</summary>
internal sealed class FakeTokenProtector : ITokenProtector
{
    public string CurrentKeyId => "test-key";

    public EncryptedToken Protect(string plaintext) =>
        new(CurrentKeyId, new byte[EncryptedToken.NonceSize], Encoding.UTF8.GetBytes(plaintext), new byte[EncryptedToken.TagSize]);

    public string Unprotect(EncryptedToken token) =>
        token.KeyId == CurrentKeyId
            ? Encoding.UTF8.GetString(token.Ciphertext)
            : throw new TokenDecryptionException($"Unknown key '{token.KeyId}'.");

    /// <summary>A token sealed with a key this protector no longer has.</summary>
    public static EncryptedToken SealedWithRemovedKey(string plaintext) =>
        new("removed-key", new byte[EncryptedToken.NonceSize], Encoding.UTF8.GetBytes(plaintext), new byte[EncryptedToken.TagSize]);
}
