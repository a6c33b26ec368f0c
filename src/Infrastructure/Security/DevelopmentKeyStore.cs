using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ZeegWebex.Infrastructure.Security;

/// <summary>
/// The key ring for a machine with nothing configured: one random key, generated on the first start and
/// kept in <c>&lt;dataFolder&gt;/dev-token-key.json</c> so tokens stored by earlier runs still open. Never for
/// production: the key sits next to the data it protects.
/// </summary>
public static class DevelopmentKeyStore
{
    public const string FileName = "dev-token-key.json";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static TokenEncryptionOptions LoadOrCreate(string dataFolder, ILogger logger) =>
        LoadOrCreate(dataFolder, logger, TimeProvider.System);

    public static TokenEncryptionOptions LoadOrCreate(string dataFolder, ILogger logger, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);

        OwnerOnlyFiles.CreateFolder(dataFolder);
        var path = Path.Combine(dataFolder, FileName);
        var stored = File.Exists(path) ? Read(path) : Create(path, timeProvider) ?? Read(path);

        logger.LogWarning(
            "Token encryption uses the generated development key {KeyId} from {KeyFile}. It must not be used in production: " +
            "set TokenEncryption:CurrentKeyId and TokenEncryption:Keys:<id> instead.",
            stored.KeyId, path);

        return new TokenEncryptionOptions
        {
            CurrentKeyId = stored.KeyId,
            Keys = new(StringComparer.OrdinalIgnoreCase) { [stored.KeyId] = stored.Key },
        };
    }

    /// <summary>The development key kept in <paramref name="dataFolder"/>, if one was ever generated there and can be
    /// read; null otherwise. Outside Development it is only compared with, so a copied development key is refused.</summary>
    public static string? TryReadKey(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<StoredKey>(File.ReadAllText(path), Json)?.Key : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <returns>null when another process created the file first; then its key is the one to use.</returns>
    private static StoredKey? Create(string path, TimeProvider timeProvider)
    {
        var stored = new StoredKey($"dev-{timeProvider.GetUtcNow():yyyyMMdd}", TokenKeyRing.GenerateKey());
        // Written to a private temporary file and moved into place, so a concurrent start never reads half a
        // file, and created owner-only from the first byte rather than tightened after the fact.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, stored, Json);
            }
            File.Move(temporary, path, overwrite: false);
            return stored;
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static StoredKey Read(string path)
    {
        StoredKey? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredKey>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            stored = null;
        }

        if (stored?.KeyId is not { } keyId || TokenEncryptionOptionsValidator.Check(new TokenEncryptionOptions
            {
                CurrentKeyId = keyId,
                Keys = new(StringComparer.OrdinalIgnoreCase) { [keyId] = stored.Key },
            }).Count > 0)
        {
            throw new InvalidOperationException(
                $"The development token key file {path} is unreadable. Delete it to generate a new key " +
                "(tokens stored under the old key can then no longer be opened and users must connect again).");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            File.SetUnixFileMode(path, OwnerOnly);
        return stored;
    }

    private sealed record StoredKey(string KeyId, string Key)
    {
        public override string ToString() => $"StoredKey({KeyId})";
    }
}
