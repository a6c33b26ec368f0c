namespace ZeegWebex.Infrastructure.Security;

/// <summary>
/// The key ring for sealing tokens, bound from the <c>TokenEncryption</c> section:
/// <code>
/// "TokenEncryption": {
///   "CurrentKeyId": "k2",
///   "Keys": { "k1": "&lt;base64 32 bytes&gt;", "k2": "&lt;base64 32 bytes&gt;" }
/// }
/// </code>
/// New tokens are sealed with <see cref="CurrentKeyId"/>; every other key in <see cref="Keys"/> only opens
/// what it sealed earlier. To rotate: add a new key, make it current, let the re-seal job move the stored
/// tokens over, and only then remove the old key. A key is generated with <see cref="TokenKeyRing.GenerateKey"/>
/// or <c>openssl rand -base64 32</c>.
/// </summary>
public sealed class TokenEncryptionOptions
{
    public const string SectionName = "TokenEncryption";

    public string? CurrentKeyId { get; set; }

    /// <summary>Key id -> base64 of a 32-byte AES-256 key. Key ids are matched ignoring case, as configuration keys are.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    // The default would be harmless today, but options objects end up in log lines and debuggers; make sure
    // the key material never does.
    public override string ToString() =>
        $"TokenEncryptionOptions(current: {CurrentKeyId}, keys: {string.Join(", ", Keys.Keys)})";
}
