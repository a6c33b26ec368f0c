using System.Diagnostics;
using System.Text.RegularExpressions;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The service as its own operating-system process (the built ZeegWebex.Api), so a test can kill it the
/// hard way, mid-work, and start it again on the same database.</summary>
public sealed partial class ServiceProcess : IAsyncDisposable
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

    /// <param name="port">0 (the usual): the process binds any free port and its OAuth redirect URI follows it, so no
    /// other process can take the port first. A test that kills a process and starts it again passes the first one's
    /// port (<see cref="BaseAddress"/>), so the service comes back where it was, as a restarted deployment does at its
    /// registered redirect URI.</param>
    /// <param name="settings">The test's own settings over <see cref="HostSettings"/>; a null value removes a default.</param>
    public static async Task<ServiceProcess> StartAsync(
        RunningWebexSimulator simulator, string dataFolder, int port = 0, IDictionary<string, string?>? settings = null, TimeSpan? startTimeout = null)
    {
        var listenOn = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ZeegWebex.Api.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = listenOn.AbsoluteUri.TrimEnd('/');
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Kestrel's "Now listening on" line is how a process that bound port 0 tells us where it is.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        // Many hosts run side by side in a test run; watching appsettings for changes would spend one of the user's
        // few inotify instances per host (128 on these machines) for nothing.
        start.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        foreach (var (key, value) in HostSettings.For(simulator, dataFolder, listenOn).With(settings))
            start.Environment[key.Replace(":", "__")] = value;

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service process.");
        // Drain the pipes so a chatty process never blocks on a full buffer.
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null && ListeningOn().Match(line.Data) is { Success: true } match)
                listening.TrySetResult(new Uri(match.Groups["address"].Value + "/"));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        var timeout = startTimeout ?? TimeSpan.FromSeconds(30);
        while (!listening.Task.IsCompleted)
        {
            if (process.HasExited || clock.Elapsed > timeout)
            {
                var exited = process.HasExited ? $"exited with {process.ExitCode}" : "did not bind in time";
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw new InvalidOperationException($"The service process {exited} while starting.");
            }

            await Task.WhenAny(listening.Task, Task.Delay(100));
        }

        var service = new ServiceProcess(process, await listening.Task);
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

            if (clock.Elapsed > timeout)
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

    [GeneratedRegex(@"Now listening on: (?<address>http://[^\s""/]+)")]
    private static partial Regex ListeningOn();
}
