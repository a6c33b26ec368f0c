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

    private static string MessagesOf(Exception exception) => exception switch
    {
        AggregateException many => string.Join(" | ", many.Flatten().InnerExceptions.Select(MessagesOf)),
        _ when exception.InnerException is { } inner => exception.Message + " | " + MessagesOf(inner),
        _ => exception.Message,
    };
}
