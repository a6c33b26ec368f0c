using ZeegWebex.Api.Hosting;
using ZeegWebex.Api.Security;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The settings every service under test starts with, in this process (<see cref="ZeegWebexHost"/>) or in
/// its own (<see cref="ServiceProcess"/>): the test simulator's client, the test run's keys and operators, and limits
/// high enough that tests sending wrong credentials on purpose do not trip them.</summary>
public static class HostSettings
{
    public const string RedirectUri = "Webex:RedirectUri";

    // PBKDF2 is slow on purpose: hash once per test run, not once per host.
    private static readonly string OperatorPasswordHash = OperatorPasswords.Hash(ZeegWebexHost.OperatorPassword);
    private static readonly string ViewerPasswordHash = OperatorPasswords.Hash(ZeegWebexHost.ViewerPassword);

    /// <param name="service">Where the service answers, for the OAuth redirect URI; null leaves it to the caller.</param>
    public static Dictionary<string, string?> For(RunningWebexSimulator simulator, string dataFolder, Uri? service)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DataFolder"] = dataFolder,
            ["Webex:BaseUrl"] = simulator.ApiBaseAddress.AbsoluteUri,
            ["Webex:ClientId"] = ZeegWebexHost.ClientId,
            ["Webex:ClientSecret"] = ZeegWebexHost.ClientSecret,
            ["Webex:UseEmbeddedSimulator"] = "false",
            ["Webex:AttemptTimeout"] = "00:00:03",
            ["Webex:TotalTimeout"] = "00:00:10",
            ["Connect:AllowedReturnUrlPrefixes:0"] = "https://app.zeeg.test/",
            ["RateLimits:PublicPagesPerMinute"] = "10000",
            // Many tests send wrong credentials on purpose; the limits have tests of their own.
            ["CredentialLimits:FailedApiCredentials"] = "100000",
            ["CredentialLimits:FailedOperatorLogins"] = "100000",
            ["ApiAuth:ApiKeys:0"] = ZeegWebexHost.ApiKey,
            ["TokenEncryption:CurrentKeyId"] = ZeegWebexHost.TokenKeyId,
            [$"TokenEncryption:Keys:{ZeegWebexHost.TokenKeyId}"] = ZeegWebexHost.TokenKey,
            ["Operators:Users:0:Name"] = ZeegWebexHost.OperatorUser,
            ["Operators:Users:0:PasswordHash"] = OperatorPasswordHash,
            ["Operators:Users:0:Role"] = OperatorRoles.Admin,
            ["Operators:Users:1:Name"] = ZeegWebexHost.ViewerUser,
            ["Operators:Users:1:PasswordHash"] = ViewerPasswordHash,
            ["Operators:Users:1:Role"] = OperatorRoles.Viewer,
        };
        if (service is not null) settings[RedirectUri] = CallbackOf(service);
        return settings;
    }

    /// <summary>A test's own settings over the defaults; a null value removes a default (e.g. to start without an API key).</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, IDictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null) settings.Remove(key);
            else settings[key] = value;
        }

        return settings;
    }

    public static string CallbackOf(Uri service) => new Uri(service, "webex/oauth/callback").AbsoluteUri;
}
