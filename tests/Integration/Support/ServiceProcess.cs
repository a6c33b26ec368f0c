using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The service as its own operating-system process (the built ZeegWebex.Api), so a test can kill it the
/// hard way, mid-work, and start it again on the same database.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        Client.DefaultRequestHeaders.Add("X-Api-Key", ZeegWebexHost.ApiKey);
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>A port for a service process that is started again on the same address. Another process could take it
    /// between this check and the service's bind; the in-process <see cref="ZeegWebexHost"/> binds port 0 instead, but
    /// a separate process has to be told its OAuth redirect URI, which names the port, before it starts.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="settings">The test's own settings over <see cref="HostSettings"/>; a null value removes a default.</param>
    public static async Task<ServiceProcess> StartAsync(
        RunningWebexSimulator simulator, string dataFolder, int port, IDictionary<string, string?>? settings = null, TimeSpan? startTimeout = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ZeegWebex.Api.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = baseAddress.AbsoluteUri.TrimEnd('/');
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Many hosts run side by side in a test run; watching appsettings for changes would spend one of the user's
        // few inotify instances per host (128 on these machines) for nothing.
        start.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        foreach (var (key, value) in HostSettings.For(simulator, dataFolder, baseAddress).With(settings))
            start.Environment[key.Replace(":", "__")] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service process.");
        // Drain the pipes so a chatty process never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(process, baseAddress);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The service process exited with {process.ExitCode} while starting.");
            try
            {
                if ((await service.Client.GetAsync("/health/live")).IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException)
            {
            }

            if (clock.Elapsed > (startTimeout ?? TimeSpan.FromSeconds(30)))
            {
                await service.DisposeAsync();
                throw new TimeoutException("The service process did not become live in time.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, in-flight jobs die with their in-memory job storage.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
        _process.Dispose();
    }
}
