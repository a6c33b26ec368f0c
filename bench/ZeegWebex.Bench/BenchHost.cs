using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZeegWebex.Api.Hosting;
using ZeegWebex.Api.Security;
using ZeegWebex.Infrastructure.Persistence;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.Bench;

/// <summary>The real service on a loopback port, on the embedded default (SQLite file in a fresh data folder,
/// Hangfire in memory), configured the way the integration tests' host does, talking to a simulator on loopback.</summary>
internal sealed partial class BenchHost : IAsyncDisposable
{
    public const string ClientId = "zeegwebex-bench";
    public const string ClientSecret = "zeegwebex-bench-secret-value";
    public const string ApiKey = "zeegwebex-bench-api-key-4f8e21c7d0";
    public const string TokenKeyId = "bench";

    private BenchHost(WebApplication app, RunningWebexSimulator simulator, Uri baseAddress, string dataFolder)
    {
        App = app;
        Simulator = simulator;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
        Client = NewClient(baseAddress);
        Client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, ApiKey);
    }

    public WebApplication App { get; }
    public RunningWebexSimulator Simulator { get; }
    public Uri BaseAddress { get; }
    public string DataFolder { get; }

    /// <summary>Calls the service like the Zeeg main app, with its API key.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The SQLite connection string the service itself uses, for reading the outcome straight from the table.</summary>
    public string ConnectionString => Services.GetRequiredService<IDbConnectionFactory>().ConnectionString;

    /// <summary>A simulator whose daily meeting quota never gets in the way of a load run.</summary>
    public static Task<RunningWebexSimulator> StartSimulatorAsync() =>
        WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = ClientId;
            o.ClientSecret = ClientSecret;
            o.DailyMeetingQuota = int.MaxValue;
        });

    public static async Task<BenchHost> StartAsync(RunningWebexSimulator simulator, IDictionary<string, string?>? settings = null)
    {
        var dataFolder = Directory.CreateTempSubdirectory("zeegwebex-bench-").FullName;
        // Kestrel picks the port as it binds; the redirect URI names port 0 and follows it (OAuthRedirect).
        var listenOn = new Uri("http://127.0.0.1:0/");
        var config = new Dictionary<string, string?>
        {
            ["DataFolder"] = dataFolder,
            ["Webex:BaseUrl"] = simulator.ApiBaseAddress.AbsoluteUri,
            ["Webex:ClientId"] = ClientId,
            ["Webex:ClientSecret"] = ClientSecret,
            ["Webex:RedirectUri"] = new Uri(listenOn, "webex/oauth/callback").AbsoluteUri,
            ["Webex:UseEmbeddedSimulator"] = "false",
            ["Connect:AllowedReturnUrlPrefixes:0"] = "https://app.zeeg.test/",
            ["ApiAuth:ApiKeys:0"] = ApiKey,
            // Every host connects from loopback in a few seconds; the per-address limit of the public pages is not
            // what is measured.
            ["RateLimits:PublicPagesPerMinute"] = "10000",
            // A configured key, as in production, rather than the generated development key (and its warning).
            ["TokenEncryption:CurrentKeyId"] = TokenKeyId,
            [$"TokenEncryption:Keys:{TokenKeyId}"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null) config.Remove(key);
            else config[key] = value;
        }

        // The content root is the scratch folder, so the service neither reads nor watches whatever directory the
        // bench was started from.
        var app = await ZeegWebexApp.BuildAsync(
            ["--environment=Benchmark", $"--contentRoot={dataFolder}", $"--urls={listenOn.AbsoluteUri.TrimEnd('/')}"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(config);
                builder.Logging.ClearProviders();
                builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BenchHost(app, simulator, new Uri(bound + "/"), dataFolder);
    }

    /// <summary>The whole connect flow over HTTP, as a person's browser does it: the service's authorize URL, the
    /// simulator's consent page, Accept, and the redirect back to the service's callback.</summary>
    public async Task ConnectAsync(string zeegUserId, string email)
    {
        var start = await Client.PostAsJsonAsync($"/api/users/{zeegUserId}/webex/connect", new { returnUrl = (string?)null });
        start.EnsureSuccessStatusCode();
        var authorizeUrl = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorizeUrl").GetString()!;

        // The answer is our single-use start link: it sets the connect cookie and redirects to Webex's authorize page.
        // The browser keeps its cookies, so the callback is accepted only from it.
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var opened = await browser.GetAsync(authorizeUrl);
        if (opened.StatusCode != HttpStatusCode.Redirect || opened.Headers.Location is not { } webexAuthorize)
            throw new InvalidOperationException($"The start link answered {(int)opened.StatusCode} instead of redirecting to Webex.");
        webexAuthorize = webexAuthorize.IsAbsoluteUri ? webexAuthorize : new Uri(new Uri(authorizeUrl), webexAuthorize);
        var html = await browser.GetStringAsync(webexAuthorize);
        var requestId = WebUtility.HtmlDecode(RequestId().Match(html).Groups[1].Value);
        if (requestId.Length == 0) throw new InvalidOperationException("The simulator's consent page carries no request id.");
        var decision = await browser.PostAsync(new Uri(webexAuthorize, "/v1/authorize/decision"), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["request_id"] = requestId, ["email"] = email, ["decision"] = "accept" }));
        if (decision.StatusCode != HttpStatusCode.Redirect || decision.Headers.Location is not { } callback)
            throw new InvalidOperationException($"Consent answered {(int)decision.StatusCode} instead of redirecting to the callback.");
        var landed = await browser.GetAsync(callback);
        if ((int)landed.StatusCode >= 400)
            throw new InvalidOperationException($"The OAuth callback answered {(int)landed.StatusCode}: {await landed.Content.ReadAsStringAsync()}");
    }

    /// <summary>An event as the Zeeg main app posts it.</summary>
    public static object Event(string eventId, string hostZeegUserId, int index) => new
    {
        zeegEventId = eventId,
        hostZeegUserId,
        title = "Intro call",
        start = EventStart(index),
        end = EventStart(index).AddMinutes(30),
        timeZone = "Europe/Berlin",
        agenda = "Talk about the project",
        invitees = new[] { "guest@example.org" },
    };

    public static DateTimeOffset EventStart(int index) =>
        new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(30).AddMinutes(15 * (index % 10_000));

    /// <summary>Keep-alive connections and no redirects, like a server-side client.</summary>
    public static HttpClient NewClient(Uri? baseAddress) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left in /tmp is not worth failing the run for.
        }
    }

    [GeneratedRegex("name=\"request_id\" value=\"([^\"]+)\"")]
    private static partial Regex RequestId();
}
