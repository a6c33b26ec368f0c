namespace ZeegWebex.WebexSimulator;

public sealed class RunningWebexSimulator(WebApplication app, Uri baseAddress) : IAsyncDisposable
{
    /// <summary>Root of the simulator, e.g. http://127.0.0.1:PORT/. The Webex API base is BaseAddress + "v1/".</summary>
    public Uri BaseAddress { get; } = baseAddress;

    public Uri ApiBaseAddress => new(BaseAddress, "v1/");

    public SimulatorState State => app.Services.GetRequiredService<SimulatorState>();

    public SimulatorOptions Options => app.Services.GetRequiredService<SimulatorOptions>();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
