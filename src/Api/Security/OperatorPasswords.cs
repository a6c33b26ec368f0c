using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ZeegWebex.Api.Security;

/// <summary>
/// Operator password hashes in the form <c>&lt;iterations&gt;.&lt;salt&gt;.&lt;hash&gt;</c> (salt and hash in base64):
/// PBKDF2 with HMAC-SHA256, at the iteration count OWASP recommends for it. Operators make one with
/// <c>dotnet run --project src/Api -- hash-operator-password</c>.
/// </summary>
public static class OperatorPasswords
{
    public const int Iterations = 600_000;

    /// <summary>Below this a stored hash is too cheap to brute-force offline; such settings are refused at start.</summary>
    public const int MinimumIterations = 100_000;

    private const int SaltSize = 16;
    private const int HashSize = 32;

    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Create(CultureInfo.InvariantCulture, $"{Iterations}.{Convert.ToBase64String(salt)}.{Convert.ToBase64String(hash)}");
    }

    public static bool Verify(string password, string stored)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var expected)) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static bool IsWellFormed(string? stored) =>
        TryParse(stored, out var iterations, out _, out _) && iterations >= MinimumIterations;

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored?.Trim().Split('.');
        if (parts is not { Length: 3 } || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations <= 0)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[1]);
            hash = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= SaltSize && hash.Length >= HashSize;
    }
}
