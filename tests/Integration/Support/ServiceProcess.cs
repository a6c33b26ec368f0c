using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

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

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<ServiceProcess> StartAsync(int port, IDictionary<string, string?> settings, TimeSpan? startTimeout = null)
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
        // Outside Development the token key is required; the test run's key unless the test brings its own.
        if (!settings.Keys.Any(k => k.StartsWith("TokenEncryption:", StringComparison.Ordinal)))
        {
            start.Environment["TokenEncryption__CurrentKeyId"] = ZeegWebexHost.TokenKeyId;
            start.Environment[$"TokenEncryption__Keys__{ZeegWebexHost.TokenKeyId}"] = ZeegWebexHost.TokenKey;
        }
        foreach (var (key, value) in settings)
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
