using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Infrastructure.Security;

namespace ZeegWebex.UnitTests.Infrastructure.Security;

public sealed class TokenEncryptionRegistrationTests : IDisposable
{
    private static readonly string Key1 = TokenKeyRing.GenerateKey();
    private static readonly string Key2 = TokenKeyRing.GenerateKey();

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "zeegwebex-tokenreg-" + Guid.NewGuid().ToString("N"));
    private readonly RecordingLogger _logger = new();

    [Fact]
    public async Task Production_without_a_key_fails_to_start_naming_the_settings()
    {
        using var host = Build(Environments.Production, []);

        var act = () => host.StartAsync();

        var thrown = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        thrown.Message.Should().StartWith("No token encryption key is configured.")
            .And.Contain("TokenEncryption:CurrentKeyId").And.Contain("TokenEncryption:Keys:<id>");
        Directory.Exists(_dataFolder).Should().BeFalse("production never falls back to a generated key");
    }

    [Fact]
    public async Task Production_with_a_malformed_key_fails_to_start_naming_the_key_setting()
    {
        using var host = Build(Environments.Production, new()
        {
            ["TokenEncryption:CurrentKeyId"] = "k1",
            ["TokenEncryption:Keys:k1"] = "dG9vLXNob3J0",
        });

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message
            .Should().Contain("TokenEncryption:Keys:k1 must be a base64 32-byte key").And.NotContain("dG9vLXNob3J0");
    }

    [Fact]
    public async Task Configured_keys_are_used_and_older_keys_still_open()
    {
        using var host = Build(Environments.Production, new()
        {
            ["TokenEncryption:CurrentKeyId"] = "k2",
            ["TokenEncryption:Keys:k1"] = Key1,
            ["TokenEncryption:Keys:k2"] = Key2,
        });
        await host.StartAsync();
        using var oldRing = TokenKeyRingTests.Ring("k1", ("k1", Key1));
        var oldToken = oldRing.Protect("sealed-last-year");

        var protector = host.Services.GetRequiredService<ITokenProtector>();

        protector.CurrentKeyId.Should().Be("k2");
        protector.Protect("new").KeyId.Should().Be("k2");
        protector.Unprotect(oldToken).Should().Be("sealed-last-year");
        protector.Should().BeSameAs(host.Services.GetRequiredService<TokenKeyRing>());
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Prod")]
    [InlineData("Testing")]
    public async Task Outside_development_an_empty_section_fails_to_start_and_no_development_key_is_made(string environment)
    {
        using var host = Build(environment, []);

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().StartWith("No token encryption key is configured.");
        Directory.Exists(_dataFolder).Should().BeFalse("only Development falls back to a generated key");
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("//////////////////////////////////////////8=")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")]
    [InlineData("AQIDBAECAwQBAgMEAQIDBAECAwQBAgMEAQIDBAECAwQ=")]
    public async Task Outside_development_a_current_key_with_a_pattern_fails_to_start_naming_it(string key)
    {
        using var host = Build("Staging", new() { ["TokenEncryption:CurrentKeyId"] = "k1", ["TokenEncryption:Keys:k1"] = key });

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message
            .Should().Contain("TokenEncryption:Keys:k1 is not random").And.NotContain(key);
    }

    [Fact]
    public async Task Outside_development_an_older_weak_key_may_stay_until_its_tokens_are_resealed()
    {
        using var host = Build(Environments.Production, new()
        {
            ["TokenEncryption:CurrentKeyId"] = "k2",
            ["TokenEncryption:Keys:k1"] = Convert.ToBase64String(new byte[32]),
            ["TokenEncryption:Keys:k2"] = Key2,
        });

        await host.StartAsync();

        host.Services.GetRequiredService<ITokenProtector>().CurrentKeyId.Should().Be("k2");
        await host.StopAsync();
    }

    [Fact]
    public async Task Outside_development_the_generated_development_key_fails_to_start_naming_the_setting()
    {
        string developmentKey;
        using (var development = Build(Environments.Development, []))
        {
            await development.StartAsync();
            developmentKey = DevelopmentKeyStore.TryReadKey(_dataFolder)!;
            await development.StopAsync();
        }
        using var host = Build(Environments.Production, new() { ["TokenEncryption:CurrentKeyId"] = "k1", ["TokenEncryption:Keys:k1"] = developmentKey });

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message
            .Should().Contain("TokenEncryption:Keys:k1 is the generated development key").And.NotContain(developmentKey);
    }

    [Theory]
    [InlineData("Development")]
    public async Task In_development_an_empty_section_falls_back_to_a_persisted_development_key(string environment)
    {
        string keyId;
        byte[] stored;
        using (var first = Build(environment, []))
        {
            await first.StartAsync();
            var protector = first.Services.GetRequiredService<ITokenProtector>();
            keyId = protector.CurrentKeyId;
            stored = protector.Protect("dev-token").ToBytes();
            await first.StopAsync();
        }

        using var second = Build(environment, []);
        await second.StartAsync();
        var reopened = second.Services.GetRequiredService<ITokenProtector>();

        keyId.Should().StartWith("dev-");
        File.Exists(Path.Combine(_dataFolder, DevelopmentKeyStore.FileName)).Should().BeTrue();
        reopened.Unprotect(ZeegWebex.Domain.Connections.EncryptedToken.FromBytes(stored)).Should().Be("dev-token");
        _logger.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains("development key"));
        await second.StopAsync();
    }

    [Fact]
    public async Task Outside_production_a_configured_key_is_used_and_no_development_key_is_made()
    {
        using var host = Build(Environments.Development, new()
        {
            ["TokenEncryption:CurrentKeyId"] = "k1",
            ["TokenEncryption:Keys:k1"] = Key1,
        });
        await host.StartAsync();

        host.Services.GetRequiredService<ITokenProtector>().CurrentKeyId.Should().Be("k1");
        Directory.Exists(_dataFolder).Should().BeFalse();
        _logger.Entries.Should().NotContain(e => e.Message.Contains("development key"));
        await host.StopAsync();
    }

    [Fact]
    public async Task Outside_production_a_half_configured_section_is_reported_not_replaced()
    {
        using var host = Build(Environments.Development, new() { ["TokenEncryption:CurrentKeyId"] = "k9" });

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message
            .Should().Contain("TokenEncryption:Keys:k9 is not set");
        Directory.Exists(_dataFolder).Should().BeFalse();
    }

    private IHost Build(string environment, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging(logging => logging.AddProvider(_logger));
        builder.Services.AddTokenEncryption(builder.Configuration, builder.Environment, _dataFolder);
        return builder.Build();
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
