using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Infrastructure.Security;

public static class TokenEncryptionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TokenKeyRing"/> as the <see cref="ITokenProtector"/>, with its keys from the
    /// <c>TokenEncryption</c> section, checked when the host starts. In Development an empty section falls
    /// back to a generated development key kept in <paramref name="dataFolder"/>, so a fresh checkout runs
    /// with no set-up. In every other environment (Production, Staging or any other name) the section is
    /// required, and the current key must not be guessable: not the generated development key, not all-zero,
    /// repeated or sequential bytes.
    /// </summary>
    public static IServiceCollection AddTokenEncryption(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);

        // Every rule here relates several settings (the current key id must name a configured key), so the validator is
        // written out rather than generated from attributes.
        services.AddOptionsWithValidateOnStart<TokenEncryptionOptions, TokenEncryptionOptionsValidator>()
            .Bind(configuration.GetSection(TokenEncryptionOptions.SectionName));

        if (environment.IsDevelopment())
        {
            services.AddSingleton<IPostConfigureOptions<TokenEncryptionOptions>>(provider =>
                new DevelopmentKeyFallback(dataFolder, provider.GetRequiredService<ILoggerFactory>()));
        }
        else
        {
            services.AddSingleton<IValidateOptions<TokenEncryptionOptions>>(new DeployedKeyValidator(dataFolder));
        }

        services.TryAddSingleton(provider => new TokenKeyRing(provider.GetRequiredService<IOptions<TokenEncryptionOptions>>()));
        services.TryAddSingleton<ITokenProtector>(provider => provider.GetRequiredService<TokenKeyRing>());
        return services;
    }

    /// <summary>Outside Development the key that seals new tokens must be one nobody can guess. Only the current key is
    /// held to this: an older weak key must stay until the re-seal job has moved its tokens over.</summary>
    private sealed class DeployedKeyValidator(string dataFolder) : IValidateOptions<TokenEncryptionOptions>
    {
        public ValidateOptionsResult Validate(string? name, TokenEncryptionOptions options)
        {
            var failures = TokenEncryptionOptionsValidator.CheckCurrentKeyStrength(options, DevelopmentKeyStore.TryReadKey(dataFolder));
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }

    /// <summary>Fills in the development key only when nothing at all is configured; a half-configured
    /// section is a mistake the validator should report, not paper over.</summary>
    private sealed class DevelopmentKeyFallback(string dataFolder, ILoggerFactory loggerFactory)
        : IPostConfigureOptions<TokenEncryptionOptions>
    {
        public void PostConfigure(string? name, TokenEncryptionOptions options)
        {
            if (options.Keys.Count > 0 || !string.IsNullOrWhiteSpace(options.CurrentKeyId)) return;
            var development = DevelopmentKeyStore.LoadOrCreate(dataFolder, loggerFactory.CreateLogger(typeof(DevelopmentKeyStore)));
            options.CurrentKeyId = development.CurrentKeyId;
            options.Keys = development.Keys;
        }
    }
}
