using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZeegWebex.Api;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The real service on a loopback port, on a fresh embedded SQLite database, talking over real HTTP to a
/// Webex simulator of its own (or a shared one).</summary>
public sealed class ZeegWebexHost : IAsyncDisposable
{
    public const string ClientId = "zeegwebex-test";
    public const string ClientSecret = "zeegwebex-test-secret-value";

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
    }

    public WebApplication App { get; }
    public RunningWebexSimulator Simulator { get; }
    public Uri BaseAddress { get; }
    public string DataFolder { get; }
    public CapturedLogs Logs { get; }

    /// <summary>Talks to the service like the Zeeg main app (redirects are not followed, so tests see them).</summary>
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
        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var config = new Dictionary<string, string?>
        {
            ["DataFolder"] = dataFolder,
            ["Webex:BaseUrl"] = simulator.ApiBaseAddress.AbsoluteUri,
            ["Webex:ClientId"] = ClientId,
            ["Webex:ClientSecret"] = ClientSecret,
            ["Webex:RedirectUri"] = new Uri(baseAddress, "webex/oauth/callback").AbsoluteUri,
            ["Webex:UseEmbeddedSimulator"] = "false",
            ["Webex:AttemptTimeout"] = "00:00:03",
            ["Webex:TotalTimeout"] = "00:00:10",
            ["Connect:AllowedReturnUrlPrefixes:0"] = "https://app.zeeg.test/",
            ["RateLimits:PublicPagesPerMinute"] = "10000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;

        var logs = new CapturedLogs();
        var app = await ZeegWebexApp.BuildAsync(
            [$"--environment={environment}", $"--urls={baseAddress.AbsoluteUri.TrimEnd('/')}"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(config);
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
                builder.Logging.AddProvider(logs);
                services?.Invoke(builder.Services);
            });
        await app.StartAsync();
        return new ZeegWebexHost(app, simulator, ownsSimulator, baseAddress, dataFolder, logs);
    }

    public T GetRequiredService<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsSimulator) await Simulator.DisposeAsync();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
