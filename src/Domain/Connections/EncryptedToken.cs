using System.Buffers.Binary;
using System.Text;

namespace ZeegWebex.Domain.Connections;

/// <summary>
/// A token sealed with AES-256-GCM: the id of the key that sealed it, the nonce, the ciphertext and the
/// authentication tag. It never holds the plaintext, and its text form names only the key id, so a token
/// that ends up in a log line or an exception message gives nothing away.
/// </summary>
public sealed class EncryptedToken : IEquatable<EncryptedToken>
{
    public const int NonceSize = 12;
    public const int TagSize = 16;
    private const byte FormatVersion = 1;

    private readonly byte[] _nonce;
    private readonly byte[] _ciphertext;
    private readonly byte[] _tag;

    public EncryptedToken(string keyId, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag)
    {
        if (string.IsNullOrWhiteSpace(keyId) || Encoding.UTF8.GetByteCount(keyId) > byte.MaxValue)
            throw new ArgumentException("A key id is required and must be at most 255 bytes.", nameof(keyId));
        if (nonce.Length != NonceSize) throw new ArgumentException($"The nonce must be {NonceSize} bytes.", nameof(nonce));
        if (tag.Length != TagSize) throw new ArgumentException($"The tag must be {TagSize} bytes.", nameof(tag));
        if (ciphertext.IsEmpty) throw new ArgumentException("The ciphertext is empty.", nameof(ciphertext));
        KeyId = keyId;
        _nonce = nonce.ToArray();
        _ciphertext = ciphertext.ToArray();
        _tag = tag.ToArray();
    }

    public string KeyId { get; }
    public ReadOnlySpan<byte> Nonce => _nonce;
    public ReadOnlySpan<byte> Ciphertext => _ciphertext;
    public ReadOnlySpan<byte> Tag => _tag;

    /// <summary>The storage form: version, key id, nonce, tag, ciphertext in one blob.</summary>
    public byte[] ToBytes()
    {
        var keyId = Encoding.UTF8.GetBytes(KeyId);
        var blob = new byte[2 + keyId.Length + NonceSize + TagSize + _ciphertext.Length];
        blob[0] = FormatVersion;
        blob[1] = (byte)keyId.Length;
        var at = 2;
        keyId.CopyTo(blob, at); at += keyId.Length;
        _nonce.CopyTo(blob, at); at += NonceSize;
        _tag.CopyTo(blob, at); at += TagSize;
        _ciphertext.CopyTo(blob, at);
        return blob;
    }

    public static EncryptedToken FromBytes(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 2 || blob[0] != FormatVersion)
            throw new FormatException("Not a stored encrypted token.");
        int keyIdLength = blob[1];
        var minimum = 2 + keyIdLength + NonceSize + TagSize + 1;
        if (blob.Length < minimum) throw new FormatException("The stored encrypted token is truncated.");
        var at = 2;
        var keyId = Encoding.UTF8.GetString(blob.Slice(at, keyIdLength)); at += keyIdLength;
        var nonce = blob.Slice(at, NonceSize); at += NonceSize;
        var tag = blob.Slice(at, TagSize); at += TagSize;
        try
        {
            return new EncryptedToken(keyId, nonce, blob[at..], tag);
        }
        catch (ArgumentException e)
        {
            throw new FormatException("The stored encrypted token is malformed: " + e.Message, e);
        }
    }

    public override string ToString() => $"EncryptedToken(key: {KeyId})";

    public bool Equals(EncryptedToken? other) =>
        other is not null && KeyId == other.KeyId && _nonce.AsSpan().SequenceEqual(other._nonce)
        && _ciphertext.AsSpan().SequenceEqual(other._ciphertext) && _tag.AsSpan().SequenceEqual(other._tag);

    public override bool Equals(object? obj) => Equals(obj as EncryptedToken);

    public override int GetHashCode() => HashCode.Combine(KeyId, BinaryPrimitives.ReadInt32LittleEndian(_nonce));
}
