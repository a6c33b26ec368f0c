using ZeegWebex.Domain.Connections;

namespace ZeegWebex.UnitTests.Domain.Connections;

public sealed class EncryptedTokenTests
{
    private static readonly byte[] Nonce = Enumerable.Range(1, 12).Select(i => (byte)i).ToArray();
    private static readonly byte[] Tag = Enumerable.Range(100, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] Ciphertext = [0xDE, 0xAD, 0xBE, 0xEF, 0x42];

    [Fact]
    public void Bytes_round_trip_keeps_key_id_nonce_ciphertext_and_tag()
    {
        var token = new EncryptedToken("k-2026", Nonce, Ciphertext, Tag);

        var restored = EncryptedToken.FromBytes(token.ToBytes());

        restored.KeyId.Should().Be("k-2026");
        restored.Nonce.ToArray().Should().Equal(Nonce);
        restored.Ciphertext.ToArray().Should().Equal(Ciphertext);
        restored.Tag.ToArray().Should().Equal(Tag);
        restored.Should().Be(token);
    }

    [Fact]
    public void Bytes_round_trip_keeps_a_non_ascii_key_id()
    {
        var token = new EncryptedToken("schlüssel-ü", Nonce, Ciphertext, Tag);

        EncryptedToken.FromBytes(token.ToBytes()).KeyId.Should().Be("schlüssel-ü");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(2 + 2 + 12 + 16)]
    public void Truncated_blob_is_rejected_with_FormatException(int keep)
    {
        var blob = new EncryptedToken("k1", Nonce, Ciphertext, Tag).ToBytes();

        var act = () => EncryptedToken.FromBytes(blob.AsSpan(0, keep));

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Blob_with_an_unknown_format_version_is_rejected_with_FormatException()
    {
        var blob = new EncryptedToken("k1", Nonce, Ciphertext, Tag).ToBytes();
        blob[0] = 2;

        var act = () => EncryptedToken.FromBytes(blob);

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Garbage_blob_is_rejected_with_FormatException()
    {
        var garbage = "plain text that was never sealed"u8.ToArray();

        var act = () => EncryptedToken.FromBytes(garbage);

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Blob_whose_key_id_length_runs_past_the_end_is_rejected_with_FormatException()
    {
        var blob = new EncryptedToken("k1", Nonce, Ciphertext, Tag).ToBytes();
        blob[1] = 200;

        var act = () => EncryptedToken.FromBytes(blob);

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Blob_with_an_empty_key_id_is_rejected_with_FormatException()
    {
        byte[] blob = [1, 0, .. Nonce, .. Tag, .. Ciphertext];

        var act = () => EncryptedToken.FromBytes(blob);

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Text_form_shows_only_the_key_id()
    {
        var token = new EncryptedToken("k1", Nonce, Ciphertext, Tag);

        token.ToString().Should().Be("EncryptedToken(key: k1)");
    }

    [Theory]
    [InlineData(11, 16)]
    [InlineData(13, 16)]
    [InlineData(12, 15)]
    [InlineData(12, 17)]
    public void Nonce_and_tag_must_have_the_aes_gcm_sizes(int nonceSize, int tagSize)
    {
        var act = () => new EncryptedToken("k1", new byte[nonceSize], Ciphertext, new byte[tagSize]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Tokens_differing_in_one_ciphertext_byte_are_not_equal()
    {
        var token = new EncryptedToken("k1", Nonce, Ciphertext, Tag);
        var other = new EncryptedToken("k1", Nonce, [0xDE, 0xAD, 0xBE, 0xEF, 0x43], Tag);

        other.Should().NotBe(token);
    }
}
