namespace ZeegWebex.Api.Security;

/// <summary>
/// The people who may open the Hangfire dashboard, bound from the <c>Operators</c> section:
/// <code>
/// "Operators": { "Users": [ { "Name": "ops", "PasswordHash": "600000.&lt;salt&gt;.&lt;hash&gt;", "Role": "Admin" } ] }
/// </code>
/// With no users the dashboard answers 401 to everyone.
/// </summary>
public sealed class OperatorOptions
{
    public const string Section = "Operators";

    public List<OperatorUser> Users { get; set; } = [];

    public OperatorUser? Find(string name) =>
        Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>What is wrong, each naming the setting. Outside Development the development operator's hash, or any
    /// hash of the published development password, is refused: that password is in the README.</summary>
    internal static List<string> Check(OperatorOptions options, bool isDevelopment)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            if (string.IsNullOrWhiteSpace(user.Name) || user.Name.Contains(':'))
                failures.Add($"Operators:Users:{i}:Name is required and must not contain ':'.");
            else if (!names.Add(user.Name))
                failures.Add($"Operators:Users:{i}:Name '{user.Name}' is given twice (names ignore case).");
            if (!OperatorPasswords.IsWellFormed(user.PasswordHash))
                failures.Add($"Operators:Users:{i}:PasswordHash must be a hash from `hash-operator-password` " +
                             $"(iterations.salt.hash, at least {OperatorPasswords.MinimumIterations} iterations).");
            else if (!isDevelopment && (string.Equals(user.PasswordHash.Trim(), DevelopmentSecrets.OperatorPasswordHash, StringComparison.Ordinal)
                                        || IsOfDevelopmentPassword(user.PasswordHash)))
                failures.Add($"Operators:Users:{i}:PasswordHash is a hash of the published development password: " +
                             "outside Development hash a password of its own with `hash-operator-password`.");
            if (user.Role is not (OperatorRoles.Admin or OperatorRoles.Viewer))
                failures.Add($"Operators:Users:{i}:Role must be {OperatorRoles.Admin} or {OperatorRoles.Viewer}.");
        }
        return failures;
    }

    // Each answer costs a PBKDF2 run (~150 ms); options are validated again whenever the configuration reloads.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> DevelopmentPasswordChecks = new(StringComparer.Ordinal);

    private static bool IsOfDevelopmentPassword(string passwordHash) =>
        DevelopmentPasswordChecks.GetOrAdd(passwordHash.Trim(), static hash => OperatorPasswords.Verify(DevelopmentSecrets.OperatorPassword, hash));
}
