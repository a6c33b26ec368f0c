using Microsoft.Extensions.Options;
using ZeegWebex.Infrastructure.Webex;

namespace ZeegWebex.Api.Security;

/// <summary>Outside Development the Webex integration must be a real one: not the development client secret (it is in
/// appsettings.Development.json for everyone to read), and not the embedded simulator, whose <c>/_sim</c> control
/// routes take no credential.</summary>
public sealed class WebexSecretsValidator(IHostEnvironment environment) : IValidateOptions<WebexOptions>
{
    public ValidateOptionsResult Validate(string? name, WebexOptions options)
    {
        if (environment.IsDevelopment()) return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (string.Equals(options.ClientSecret?.Trim(), DevelopmentSecrets.WebexClientSecret, StringComparison.Ordinal))
            failures.Add("Webex:ClientSecret is the development simulator's secret: outside Development configure the integration's own.");
        if (options.UseEmbeddedSimulator)
            failures.Add(EmbeddedSimulatorRefused(environment.EnvironmentName));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static string EmbeddedSimulatorRefused(string environmentName) =>
        $"Webex:UseEmbeddedSimulator may only be set in Development (this is '{environmentName}'): the simulator and its " +
        "unauthenticated /_sim routes are for a developer's machine.";
}
