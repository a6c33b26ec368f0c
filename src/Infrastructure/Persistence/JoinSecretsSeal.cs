using System.Text.Json;
using System.Text.Json.Serialization;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Infrastructure.Persistence;

/// <summary>
/// How a meeting's join secrets (password, host key, phone/video-system password) are stored: together, as one JSON
/// document sealed by the key ring (<see cref="ITokenProtector"/>, the same AES-256-GCM path as the Webex tokens), so
/// neither the database file nor a backup of it holds them readable. The rest of the location (join link, meeting
/// number, SIP address, dial-in numbers and access code) stays plain: it identifies the meeting but does not open it.
/// </summary>
internal static class JoinSecretsSeal
{
    /// <summary>The key id that marks a row still holding its secrets in the plaintext columns from before sealing
    /// (set by migration 0005). No configured key id is empty, so it never names a real key.</summary>
    public const string LegacyPlaintextKeyId = "";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <returns>The sealed blob, or null when the location has no secret to keep.</returns>
    public static EncryptedToken? Seal(ITokenProtector protector, MeetingLocation? location)
    {
        if (location is null || (location.Password is null && location.HostKey is null && location.PhoneAndVideoSystemPassword is null))
            return null;
        var secrets = new JoinSecrets(location.Password, location.HostKey, location.PhoneAndVideoSystemPassword);
        return protector.Protect(JsonSerializer.Serialize(secrets, Json));
    }

    /// <exception cref="TokenDecryptionException">The key that sealed them is not configured, or the blob was altered.</exception>
    public static JoinSecrets Open(ITokenProtector protector, byte[] blob)
    {
        var sealedSecrets = EncryptedToken.FromBytes(blob);
        return JsonSerializer.Deserialize<JoinSecrets>(protector.Unprotect(sealedSecrets), Json)
            ?? throw new TokenDecryptionException($"The join secrets sealed with key '{sealedSecrets.KeyId}' are empty.");
    }

    internal sealed record JoinSecrets(string? Password, string? HostKey, string? PhoneAndVideoSystemPassword)
    {
        // Records print their values; these must never reach a log line.
        public override string ToString() => "JoinSecrets(sealed)";
    }
}
