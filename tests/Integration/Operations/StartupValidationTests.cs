using ZeegWebex.Api.Security;
using ZeegWebex.Infrastructure.Security;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Operations;

/// <summary>A service missing a setting it needs must not start half-working: it stops, naming the setting.</summary>
public sealed class StartupValidationTests
{
    /// <summary>What Production needs besides the settings under test; the host provides the Webex ones.</summary>
    private static Dictionary<string, string?> Production(params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>
        {
            ["TokenEncryption:CurrentKeyId"] = "k1",
            ["TokenEncryption:Keys:k1"] = TokenKeyRing.GenerateKey(),
        };
        foreach (var (key, value) in changes) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task Production_without_an_api_key_refuses_to_start_naming_ApiAuth_ApiKeys()
    {
        var start = () => ZeegWebexHost.StartAsync(Production(("ApiAuth:ApiKeys:0", null)), environment: "Production");

        var refused = await start.Should().ThrowAsync<Exception>();
        MessagesOf(refused.Which).Should().Contain("ApiAuth:ApiKeys is required");
    }

    [Fact]
    public async Task Production_with_an_api_key_and_the_other_settings_starts()
    {
        await using var host = await ZeegWebexHost.StartAsync(Production(), environment: "Production");

        (await host.Client.GetAsync("/api/users/nobody/webex/connection")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Webex:ClientId", "Webex:ClientId is required")]
    [InlineData("Webex:ClientSecret", "Webex:ClientSecret is required")]
    [InlineData("Webex:RedirectUri", "Webex:RedirectUri is required")]
    [InlineData("TokenEncryption:CurrentKeyId", "TokenEncryption:CurrentKeyId")]
    public async Task Production_without_a_required_setting_refuses_to_start_naming_it(string setting, string message)
    {
        var settings = Production((setting, null));
        if (setting == "TokenEncryption:CurrentKeyId") settings.Remove("TokenEncryption:Keys:k1");

        var start = () => ZeegWebexHost.StartAsync(settings, environment: "Production");

        var refused = await start.Should().ThrowAsync<Exception>();
        MessagesOf(refused.Which).Should().Contain(message);
    }

    public static TheoryData<string, string, string?, string> WeakSecrets()
    {
        var data = new TheoryData<string, string, string?, string>();
        foreach (var environment in new[] { "Production", "Staging", "Prod", "eu-customer-7" })
        {
            data.Add(environment, "ApiAuth:ApiKeys:0", DevelopmentSecrets.ApiKey, "ApiAuth:ApiKeys:0 is the published development key");
            data.Add(environment, "ApiAuth:ApiKeys:0", new string('k', 40), "ApiAuth:ApiKeys:0 has too little variety");
            data.Add(environment, "Operators:Users:0:PasswordHash", DevelopmentSecrets.OperatorPasswordHash,
                "Operators:Users:0:PasswordHash is a hash of the published development password");
            data.Add(environment, "Operators:Users:1:PasswordHash", DevelopmentPasswordRehashed,
                "Operators:Users:1:PasswordHash is a hash of the published development password");
            data.Add(environment, "Webex:ClientSecret", DevelopmentSecrets.WebexClientSecret, "Webex:ClientSecret is the development simulator's secret");
            data.Add(environment, "TokenEncryption:Keys:k1", Convert.ToBase64String(new byte[32]), "TokenEncryption:Keys:k1 is not random");
            data.Add(environment, "TokenEncryption:Keys:k1", null, "No token encryption key is configured");
            data.Add(environment, "ApiAuth:JwtSigningKey", new string('a', 32), "ApiAuth:JwtSigningKey has too little variety");
            data.Add(environment, "Webex:UseEmbeddedSimulator", "true", "Webex:UseEmbeddedSimulator may only be set in Development");
        }
        return data;
    }

    // The published password hashed again gives another string: it is recognised by verifying, not by comparing.
    private static readonly string DevelopmentPasswordRehashed = ZeegWebex.Api.Security.OperatorPasswords.Hash(DevelopmentSecrets.OperatorPassword);

    [Theory]
    [MemberData(nameof(WeakSecrets))]
    public async Task Outside_development_a_known_or_weak_secret_refuses_to_start_naming_the_setting(
        string environment, string setting, string? value, string message)
    {
        var settings = Production((setting, value));
        if (value is null)
        {
            settings["TokenEncryption:CurrentKeyId"] = null;
            settings[$"TokenEncryption:Keys:{ZeegWebexHost.TokenKeyId}"] = null;
        }

        var start = () => ZeegWebexHost.StartAsync(settings, environment: environment);

        var refused = await start.Should().ThrowAsync<Exception>();
        var messages = MessagesOf(refused.Which);
        messages.Should().Contain(message);
        if (value is { Length: > 0 } && setting != "Webex:UseEmbeddedSimulator") messages.Should().NotContain(value, "a refusal never echoes a secret");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("eu-customer-7")]
    public async Task Outside_development_strong_secrets_start(string environment)
    {
        await using var host = await ZeegWebexHost.StartAsync(Production(
            ("ApiAuth:JwtSigningKey", "q7VZ3x9L0mT2pR8sW4yB6nC1dF5gH0jK"),
            ("ApiAuth:JwtMaxLifetime", "00:30:00")), environment: environment);

        (await host.Client.GetAsync("/api/users/nobody/webex/connection")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        host.Logs.Lines.Should().NotContain(l => l.Contains("development key"), "the generated development key is for Development only");
    }

    [Fact]
    public async Task Development_still_starts_with_the_published_development_secrets()
    {
        await using var host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiAuth:ApiKeys:1"] = DevelopmentSecrets.ApiKey,
            ["Operators:Users:0:PasswordHash"] = DevelopmentSecrets.OperatorPasswordHash,
            ["TokenEncryption:CurrentKeyId"] = null,
            [$"TokenEncryption:Keys:{ZeegWebexHost.TokenKeyId}"] = null,
        }, environment: "Development");

        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", DevelopmentSecrets.ApiKey);
        (await client.GetAsync("/api/users/nobody/webex/connection")).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        File.Exists(Path.Combine(host.DataFolder, DevelopmentKeyStore.FileName)).Should().BeTrue("Development falls back to a generated key");
    }

    [Fact]
    public async Task Sql_server_without_a_connection_string_refuses_to_start_naming_it()
    {
        var start = () => ZeegWebexHost.StartAsync(new Dictionary<string, string?> { ["Database:Provider"] = "SqlServer" });

        var refused = await start.Should().ThrowAsync<Exception>();
        MessagesOf(refused.Which).Should().Contain("Database:ConnectionString is required");
    }

    [Theory]
    [InlineData("ApiAuth:ApiKeys:0", "too-short", "ApiAuth:ApiKeys:0 must be at least 16 characters")]
    [InlineData("ApiAuth:JwtSigningKey", "short-signing-key", "ApiAuth:JwtSigningKey must be at least 32 characters")]
    [InlineData("Operators:Users:0:PasswordHash", "plain-text-password", "Operators:Users:0:PasswordHash must be a hash")]
    [InlineData("Operators:Users:1:Role", "Root", "Operators:Users:1:Role must be Admin or Viewer")]
    public async Task A_malformed_security_setting_refuses_to_start_naming_it(string setting, string value, string message)
    {
        var start = () => ZeegWebexHost.StartAsync(new Dictionary<string, string?> { [setting] = value });

        var refused = await start.Should().ThrowAsync<Exception>();
        MessagesOf(refused.Which).Should().Contain(message);
    }

    /// <summary>One out-of-range value per options class, each validated the same way (a source-generated validator run
    /// at start): the refusal names the setting. (Ranges are checked in each class's Validate, not with [Range]: the
    /// generator's copy of RangeAttribute drops ErrorMessage and would name the C# property instead.)</summary>
    [Theory]
    [InlineData("Connect:PurgeBatchSize", "0", "Connect:PurgeBatchSize must be between 1 and 10000")]
    [InlineData("Connect:StateLifetime", "00:00:00", "Connect:StateLifetime must be positive")]
    [InlineData("TokenRefresh:MaxParallelism", "65", "TokenRefresh:MaxParallelism must be between 1 and 64")]
    [InlineData("TokenRefresh:LeaseWait", "00:05:00", "TokenRefresh:LeaseWait must not be negative and shorter than TokenRefresh:LeaseDuration")]
    [InlineData("Meetings:MaxAttempts", "-1", "Meetings:MaxAttempts must not be negative")]
    [InlineData("Meetings:RetryBaseDelay", "00:00:00", "Meetings:RetryBaseDelay must be positive")]
    [InlineData("Jobs:WorkerCount", "0", "Jobs:WorkerCount must be positive")]
    [InlineData("Meetings:AttemptLease", "00:00:03", "Meetings:AttemptLease must be longer than Webex:AttemptTimeout")]
    [InlineData("Webex:MaxSlotWait", "00:00:00", "Webex:MaxSlotWait must be positive")]
    [InlineData("Webex:MaxConcurrentCalls", "0", "Webex:MaxConcurrentCalls must be between 1 and 10000")]
    [InlineData("Webex:MaxConcurrentTokenCalls", "0", "Webex:MaxConcurrentTokenCalls must be between 1 and 10000")]
    [InlineData("Webex:MaxConcurrentTokenCalls", "48", "TokenRefresh:MaxParallelism must be below Webex:MaxConcurrentTokenCalls")]
    [InlineData("OutcomeWebhook:BatchSize", "1001", "OutcomeWebhook:BatchSize must be between 1 and 1000")]
    [InlineData("CredentialLimits:ConcurrentPasswordChecks", "65", "CredentialLimits:ConcurrentPasswordChecks must be between 1 and 64")]
    [InlineData("RateLimits:PublicPagesPerMinute", "-1", "RateLimits:PublicPagesPerMinute must not be negative")]
    public async Task An_out_of_range_setting_refuses_to_start_naming_it(string setting, string value, string message)
    {
        var start = () => ZeegWebexHost.StartAsync(new Dictionary<string, string?> { [setting] = value });

        var refused = await start.Should().ThrowAsync<Exception>();
        MessagesOf(refused.Which).Should().Contain(message);
    }

    private static string MessagesOf(Exception exception) => exception switch
    {
        AggregateException many => string.Join(" | ", many.Flatten().InnerExceptions.Select(MessagesOf)),
        _ when exception.InnerException is { } inner => exception.Message + " | " + MessagesOf(inner),
        _ => exception.Message,
    };
}
