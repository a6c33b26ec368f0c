namespace ZeegWebex.Api.Security;

/// <summary>
/// How the Zeeg main app proves itself on <c>/api/*</c>, bound from the <c>ApiAuth</c> section:
/// <code>
/// "ApiAuth": {
///   "ApiKeys": [ "&lt;current key&gt;", "&lt;previous key, until Zeeg has switched&gt;" ],
///   "JwtSigningKey": "&lt;at least 32 characters&gt;", "JwtIssuer": "zeeg", "JwtAudience": "zeegwebex"
/// }
/// </code>
/// Either credential is enough. Several API keys are accepted at once so a key can be rotated without an outage:
/// add the new one, switch Zeeg over, remove the old one.
/// </summary>
public sealed class ApiAuthOptions
{
    public const string Section = "ApiAuth";

    /// <summary>Long enough that guessing is hopeless; `openssl rand -base64 32` gives 44 characters.</summary>
    public const int MinimumApiKeyLength = 16;

    /// <summary>HS256 needs a key of at least 256 bits.</summary>
    public const int MinimumJwtSigningKeyLength = 32;

    public List<string> ApiKeys { get; set; } = [];

    /// <summary>The HMAC-SHA256 key for bearer tokens; when empty, bearer tokens are not accepted.</summary>
    public string? JwtSigningKey { get; set; }

    public string JwtIssuer { get; set; } = "zeeg";

    public string JwtAudience { get; set; } = "zeegwebex";

    /// <summary>The longest a bearer token may be valid for (its exp minus its iat or nbf, and its exp minus now): a
    /// leaked token is useless soon after. Tokens without exp are refused whatever this says.</summary>
    public TimeSpan JwtMaxLifetime { get; set; } = TimeSpan.FromHours(1);

    public bool AcceptsJwt => !string.IsNullOrEmpty(JwtSigningKey);

    // Options objects end up in debuggers and log lines; the keys must not.
    public override string ToString() =>
        $"ApiAuthOptions(apiKeys: {ApiKeys.Count}, jwt: {AcceptsJwt}, issuer: {JwtIssuer}, audience: {JwtAudience})";

    /// <summary>What is wrong, each naming the setting to fix and never echoing a key. Outside Development the
    /// known development key and keys with almost no entropy are refused too.</summary>
    internal static List<string> Check(ApiAuthOptions options, bool isDevelopment)
    {
        var failures = new List<string>();
        var keys = options.ApiKeys ?? [];
        if (keys.Count == 0 && string.IsNullOrEmpty(options.JwtSigningKey))
        {
            failures.Add("ApiAuth:ApiKeys is required: configure at least one API key for the Zeeg main app " +
                         "(or ApiAuth:JwtSigningKey to accept signed bearer tokens).");
            return failures;
        }

        for (var i = 0; i < keys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(keys[i]) || keys[i].Trim().Length < MinimumApiKeyLength)
                failures.Add($"ApiAuth:ApiKeys:{i} must be at least {MinimumApiKeyLength} characters.");
            else if (!isDevelopment && string.Equals(keys[i].Trim(), DevelopmentSecrets.ApiKey, StringComparison.Ordinal))
                failures.Add($"ApiAuth:ApiKeys:{i} is the published development key: outside Development configure a key of its own.");
            else if (!isDevelopment && SecretStrength.HasTooFewDistinctCharacters(keys[i].Trim()))
                failures.Add($"ApiAuth:ApiKeys:{i} has too little variety to be a secret (fewer than {SecretStrength.MinimumDistinctCharacters} " +
                             "distinct characters): use e.g. `openssl rand -base64 32`.");
        }

        if (options.JwtSigningKey is { Length: > 0 } signingKey)
        {
            if (signingKey.Length < MinimumJwtSigningKeyLength)
                failures.Add($"ApiAuth:JwtSigningKey must be at least {MinimumJwtSigningKeyLength} characters.");
            else if (SecretStrength.HasTooFewDistinctCharacters(signingKey))
                failures.Add($"ApiAuth:JwtSigningKey has too little variety to be a key (fewer than {SecretStrength.MinimumDistinctCharacters} " +
                             "distinct characters): use e.g. `openssl rand -base64 48`.");
            if (string.IsNullOrWhiteSpace(options.JwtIssuer)) failures.Add("ApiAuth:JwtIssuer is required when ApiAuth:JwtSigningKey is set.");
            if (string.IsNullOrWhiteSpace(options.JwtAudience)) failures.Add("ApiAuth:JwtAudience is required when ApiAuth:JwtSigningKey is set.");
        }

        if (options.JwtMaxLifetime <= TimeSpan.Zero || options.JwtMaxLifetime > MaximumJwtLifetime)
            failures.Add($"ApiAuth:JwtMaxLifetime must be positive and at most {MaximumJwtLifetime.TotalHours:0} hours.");

        return failures;
    }

    /// <summary>The most <see cref="JwtMaxLifetime"/> may be set to: service tokens are minted per call or per hour.</summary>
    public static readonly TimeSpan MaximumJwtLifetime = TimeSpan.FromHours(24);
}
