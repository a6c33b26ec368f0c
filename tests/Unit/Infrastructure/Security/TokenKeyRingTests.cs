using System.Security.Cryptography;
using System.Text;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Infrastructure.Security;

namespace ZeegWebex.UnitTests.Infrastructure.Security;

public sealed class TokenKeyRingTests
{
    private const string Plaintext = "webex-access-token-Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hYmM";

    private static readonly string Key1 = TokenKeyRing.GenerateKey();
    private static readonly string Key2 = TokenKeyRing.GenerateKey();

    [Fact]
    public void Protected_token_opens_to_the_same_plaintext()
    {
        using var ring = Ring("k1", ("k1", Key1));

        var token = ring.Protect(Plaintext);

        ring.Unprotect(token).Should().Be(Plaintext);
    }

    [Fact]
    public void Non_ascii_plaintext_survives_the_round_trip()
    {
        using var ring = Ring("k1", ("k1", Key1));
        const string plaintext = "verifier-ÄÖÜ-東京-🙂";

        ring.Unprotect(ring.Protect(plaintext)).Should().Be(plaintext);
    }

    [Fact]
    public void Token_is_sealed_under_the_current_key_with_a_12_byte_nonce_and_16_byte_tag()
    {
        using var ring = Ring("k2", ("k1", Key1), ("k2", Key2));

        var token = ring.Protect(Plaintext);

        token.KeyId.Should().Be("k2");
        token.Nonce.Length.Should().Be(12);
        token.Tag.Length.Should().Be(16);
        token.Ciphertext.ToArray().Should().NotEqual(Encoding.UTF8.GetBytes(Plaintext));
    }

    [Fact]
    public void Token_is_real_aes_gcm_under_the_configured_key_with_the_key_id_as_associated_data()
    {
        using var ring = Ring("k1", ("k1", Key1));

        var token = ring.Protect(Plaintext);

        using var aes = new AesGcm(Convert.FromBase64String(Key1), 16);
        var plain = new byte[token.Ciphertext.Length];
        aes.Decrypt(token.Nonce, token.Ciphertext, token.Tag, plain, Encoding.UTF8.GetBytes("k1"));
        Encoding.UTF8.GetString(plain).Should().Be(Plaintext);
    }

    [Fact]
    public void Protecting_the_same_plaintext_twice_gives_different_nonces_and_ciphertexts()
    {
        using var ring = Ring("k1", ("k1", Key1));

        var first = ring.Protect(Plaintext);
        var second = ring.Protect(Plaintext);

        second.Nonce.ToArray().Should().NotEqual(first.Nonce.ToArray());
        second.Ciphertext.ToArray().Should().NotEqual(first.Ciphertext.ToArray());
        ring.Unprotect(first).Should().Be(Plaintext);
        ring.Unprotect(second).Should().Be(Plaintext);
    }

    [Fact]
    public void Tampered_ciphertext_is_rejected()
    {
        using var ring = Ring("k1", ("k1", Key1));
        var token = ring.Protect(Plaintext);
        var ciphertext = token.Ciphertext.ToArray();
        ciphertext[0] ^= 0x01;

        var act = () => ring.Unprotect(new EncryptedToken(token.KeyId, token.Nonce, ciphertext, token.Tag));

        act.Should().Throw<TokenDecryptionException>().WithMessage("*tampered*");
    }

    [Fact]
    public void Tampered_tag_is_rejected()
    {
        using var ring = Ring("k1", ("k1", Key1));
        var token = ring.Protect(Plaintext);
        var tag = token.Tag.ToArray();
        tag[^1] ^= 0x80;

        var act = () => ring.Unprotect(new EncryptedToken(token.KeyId, token.Nonce, token.Ciphertext, tag));

        act.Should().Throw<TokenDecryptionException>().WithMessage("*tampered*");
    }

    [Fact]
    public void Tampered_nonce_is_rejected()
    {
        using var ring = Ring("k1", ("k1", Key1));
        var token = ring.Protect(Plaintext);
        var nonce = token.Nonce.ToArray();
        nonce[5] ^= 0x10;

        var act = () => ring.Unprotect(new EncryptedToken(token.KeyId, nonce, token.Ciphertext, token.Tag));

        act.Should().Throw<TokenDecryptionException>().WithMessage("*tampered*");
    }

    [Fact]
    public void Token_relabelled_with_another_key_id_is_rejected_even_when_both_ids_hold_the_same_key()
    {
        // Same key bytes under two ids: only the associated data can tell the relabelled token apart.
        using var ring = Ring("k1", ("k1", Key1), ("k1-copy", Key1));
        var token = ring.Protect(Plaintext);

        var act = () => ring.Unprotect(new EncryptedToken("k1-copy", token.Nonce, token.Ciphertext, token.Tag));

        act.Should().Throw<TokenDecryptionException>().WithMessage("*k1-copy*tampered*wrong key*");
    }

    [Fact]
    public void Token_relabelled_with_another_known_key_id_is_rejected()
    {
        using var ring = Ring("k1", ("k1", Key1), ("k2", Key2));
        var token = ring.Protect(Plaintext);

        var act = () => ring.Unprotect(new EncryptedToken("k2", token.Nonce, token.Ciphertext, token.Tag));

        act.Should().Throw<TokenDecryptionException>();
    }

    [Fact]
    public void Token_sealed_with_a_different_key_under_the_same_id_is_rejected_as_wrong_key()
    {
        using var sealer = Ring("k1", ("k1", Key1));
        using var opener = Ring("k1", ("k1", Key2));
        var token = sealer.Protect(Plaintext);

        var act = () => opener.Unprotect(token);

        act.Should().Throw<TokenDecryptionException>().WithMessage("*wrong key*")
            .WithInnerException<CryptographicException>();
    }

    [Fact]
    public void Token_sealed_under_the_old_key_still_opens_after_rotation_and_new_tokens_use_the_new_key()
    {
        using var before = Ring("k1", ("k1", Key1));
        var old = before.Protect(Plaintext);

        using var after = Ring("k2", ("k1", Key1), ("k2", Key2));
        var fresh = after.Protect("new-refresh-token");

        after.CurrentKeyId.Should().Be("k2");
        after.Unprotect(old).Should().Be(Plaintext);
        fresh.KeyId.Should().Be("k2");
        after.Unprotect(fresh).Should().Be("new-refresh-token");
        var openWithOldRing = () => before.Unprotect(fresh);
        openWithOldRing.Should().Throw<TokenDecryptionException>().WithMessage("*'k2'*");
    }

    [Fact]
    public void Token_with_an_unknown_key_id_is_rejected_naming_only_the_key_id()
    {
        using var retired = Ring("k0", ("k0", Key2));
        var token = retired.Protect(Plaintext);
        using var ring = Ring("k1", ("k1", Key1));

        var act = () => ring.Unprotect(token);

        var thrown = act.Should().Throw<TokenDecryptionException>().Which;
        thrown.Message.Should().Contain("'k0'").And.Contain("TokenEncryption:Keys");
        thrown.Message.Should().NotContain(Key1).And.NotContain(Key2).And.NotContain(Plaintext);
    }

    [Fact]
    public void Key_ids_are_matched_ignoring_case_like_configuration_keys()
    {
        using var sealer = Ring("k1", ("k1", Key1));
        var token = sealer.Protect(Plaintext);
        using var opener = Ring("K1", ("K1", Key1));

        opener.Unprotect(token).Should().Be(Plaintext);
    }

    [Fact]
    public void Failure_messages_and_text_forms_give_away_neither_plaintext_nor_key()
    {
        using var ring = Ring("k1", ("k1", Key1));
        var token = ring.Protect(Plaintext);
        var ciphertext = token.Ciphertext.ToArray();
        ciphertext[^1] ^= 0xFF;
        var tampered = new EncryptedToken(token.KeyId, token.Nonce, ciphertext, token.Tag);

        var thrown = ((Action)(() => ring.Unprotect(tampered))).Should().Throw<TokenDecryptionException>().Which;

        string[] texts = [thrown.ToString(), token.ToString(), ring.ToString()];
        foreach (var text in texts)
        {
            text.Should().NotContain(Plaintext).And.NotContain(Key1);
            text.Should().NotContain(Convert.ToBase64String(token.Ciphertext));
        }
        token.ToString().Should().Be("EncryptedToken(key: k1)");
        ring.ToString().Should().Be("TokenKeyRing(current: k1, keys: k1)");
    }

    [Fact]
    public void Stored_blob_of_a_token_opens_after_a_round_trip_through_bytes()
    {
        using var ring = Ring("k1", ("k1", Key1));

        var stored = ring.Protect(Plaintext).ToBytes();

        ring.Unprotect(EncryptedToken.FromBytes(stored)).Should().Be(Plaintext);
    }

    [Fact]
    public void Empty_plaintext_is_refused()
    {
        using var ring = Ring("k1", ("k1", Key1));

        var act = () => ring.Protect("");

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Disposed_ring_refuses_to_seal_or_open()
    {
        var ring = Ring("k1", ("k1", Key1));
        var token = ring.Protect(Plaintext);

        ring.Dispose();

        ((Action)(() => ring.Protect(Plaintext))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => ring.Unprotect(token))).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Ring_with_invalid_settings_cannot_be_built_and_says_which_setting_is_wrong()
    {
        var options = Options("k2", ("k1", Key1));

        var act = () => new TokenKeyRing(options);

        act.Should().Throw<InvalidOperationException>().WithMessage("*TokenEncryption:CurrentKeyId*TokenEncryption:Keys:k2*")
            .Which.Message.Should().NotContain(Key1);
    }

    [Fact]
    public void Generated_keys_are_fresh_32_byte_base64_keys_the_ring_accepts()
    {
        var first = TokenKeyRing.GenerateKey();
        var second = TokenKeyRing.GenerateKey();

        Convert.FromBase64String(first).Should().HaveCount(32);
        Convert.FromBase64String(second).Should().HaveCount(32);
        second.Should().NotBe(first);
        using var ring = Ring("fresh", ("fresh", first));
        ring.Unprotect(ring.Protect(Plaintext)).Should().Be(Plaintext);
    }

    internal static TokenKeyRing Ring(string currentKeyId, params (string Id, string Key)[] keys) =>
        new(Options(currentKeyId, keys));

    internal static TokenEncryptionOptions Options(string? currentKeyId, params (string Id, string Key)[] keys)
    {
        var options = new TokenEncryptionOptions { CurrentKeyId = currentKeyId };
        foreach (var (id, key) in keys) options.Keys[id] = key;
        return options;
    }
}
