using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZeegWebex.Api.Hosting;
using ZeegWebex.Api.Security;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The real service on a loopback port, on a fresh embedded SQLite database, talking over real HTTP to a
/// Webex simulator of its own (or a shared one).</summary>
public sealed class ZeegWebexHost : IAsyncDisposable
{
    public const string ClientId = "zeegwebex-test";
    public const string ClientSecret = "zeegwebex-test-secret-value";

    /// <summary>The Zeeg main app's key; <see cref="Client"/> sends it on every request.</summary>
    public const string ApiKey = "zeegwebex-test-api-key-5c1f0e2a9b";

    public const string OperatorUser = "ops-admin";
    public const string OperatorPassword = "ops-admin-test-password";
    public const string ViewerUser = "ops-viewer";
    public const string ViewerPassword = "ops-viewer-test-password";

    /// <summary>Outside Development the token key must be configured; one key for the whole test run, so a host
    /// started again on the same data folder still opens what the first one sealed.</summary>
    public const string TokenKeyId = "test-key";

    public static readonly string TokenKey = ZeegWebex.Infrastructure.Security.TokenKeyRing.GenerateKey();

    private static readonly SemaphoreSlim StartGate = new(1, 1);

    private readonly bool _ownsSimulator;

    private ZeegWebexHost(WebApplication app, RunningWebexSimulator simulator, bool ownsSimulator, Uri baseAddress, string dataFolder, CapturedLogs logs)
    {
        App = app;
        Simulator = simulator;
        _ownsSimulator = ownsSimulator;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
        Logs = logs;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        Client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, ApiKey);
    }

    public WebApplication App { get; }
    public RunningWebexSimulator Simulator { get; }
    public Uri BaseAddress { get; }
    public string DataFolder { get; }
    public CapturedLogs Logs { get; }

    /// <summary>Talks to the service like the Zeeg main app, with its API key (redirects are not followed, so tests see them).</summary>
    public HttpClient Client { get; }

    public string DatabaseFile => Path.Combine(DataFolder, "zeegwebex.db");

    public IServiceProvider Services => App.Services;

    public static async Task<ZeegWebexHost> StartAsync(
        IDictionary<string, string?>? settings = null, RunningWebexSimulator? simulator = null, string? dataFolder = null,
        string environment = "Testing", Action<IServiceCollection>? services = null)
    {
        var ownsSimulator = simulator is null;
        simulator ??= await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = ClientId;
            o.ClientSecret = ClientSecret;
        });

        dataFolder ??= Directory.CreateTempSubdirectory("zeegwebex-test-").FullName;
        var logs = new CapturedLogs();
        // Kestrel picks a free port as it binds, so no other process can take it first. The OAuth redirect URI names
        // port 0 too, and follows the bound port when it is used (OAuthRedirect): options are read while the host
        // starts, before Kestrel has bound.
        const string listenOn = "http://127.0.0.1:0";
        var config = HostSettings.For(simulator, dataFolder, service: null).With(settings);
        if (settings?.ContainsKey(HostSettings.RedirectUri) != true) config[HostSettings.RedirectUri] = HostSettings.CallbackOf(new Uri(listenOn + "/"));
        try
        {
            var (app, baseAddress) = await StartAppAsync(config, listenOn, environment, services, logs);
            return new ZeegWebexHost(app, simulator, ownsSimulator, baseAddress, dataFolder, logs);
        }
        catch
        {
            // A start that is refused (tests assert on that) must not leave the simulator behind.
            if (ownsSimulator) await simulator.DisposeAsync();
            throw;
        }
    }

    private static async Task<(WebApplication App, Uri BaseAddress)> StartAppAsync(
        Dictionary<string, string?> config, string listenOn, string environment, Action<IServiceCollection>? services, CapturedLogs logs)
    {
        WebApplication? app = null;
        // Hangfire.AspNetCore hands each host the process-wide JobStorage.Current and JobActivator.Current as they
        // are when the host resolves them. Hosts starting side by side in this process could otherwise pick up each
        // other's storage or activator (and run a job against another host's database); one start at a time keeps
        // every host on its own. A deployed service is one host per process and never meets this.
        await StartGate.WaitAsync();
        try
        {
            app = await ZeegWebexApp.BuildAsync(
                // No config file watching: each watcher costs one of the user's few inotify instances (128 here).
                [$"--environment={environment}", $"--urls={listenOn}", "--hostBuilder:reloadConfigOnChange=false"],
                builder =>
                {
                    builder.Configuration.AddInMemoryCollection(config);
                    builder.Logging.ClearProviders();
                    builder.Logging.SetMinimumLevel(LogLevel.Debug);
                    builder.Logging.AddProvider(logs);
                },
                all =>
                {
                    services?.Invoke(all);
                });
            await app.StartAsync();
            var baseAddress = BoundAddress(app);
            // Hangfire also keeps one log provider per process: the last configured host's. Once that host is
            // disposed, a Hangfire object made later in another host (a dashboard command's job manager, a job
            // client) would ask the disposed LoggerFactory for a logger and fail. What each host's Hangfire server
            // made while starting keeps logging to that host; what is made afterwards logs nowhere.
            GlobalConfiguration.Configuration.UseLogProvider(NoHangfireLogs.Instance);
            return (app, baseAddress);
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            throw;
        }
        finally
        {
            StartGate.Release();
        }
    }

    public T GetRequiredService<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsSimulator) await Simulator.DisposeAsync();
        // Kept beside the test database so a failed run can be read afterwards.
        await File.WriteAllLinesAsync(Path.Combine(DataFolder, "service.log"), Logs.Lines);
    }

    private sealed class NoHangfireLogs : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
    {
        public static readonly NoHangfireLogs Instance = new();

        public Hangfire.Logging.ILog GetLogger(string name) => this;

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }

    private static Uri BoundAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
}
