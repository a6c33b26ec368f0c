using ZeegWebex.Api.Security;
using ZeegWebex.Infrastructure;
using ZeegWebex.Infrastructure.Webex;

namespace ZeegWebex.Api.Hosting;

/// <summary>In Development the service talks to the Webex simulator, started here on loopback, so `dotnet run` works on
/// a machine that cannot reach Webex. Only a Debug build carries the simulator (see ZeegWebex.Api.csproj): a Release
/// build, which is what is published, has neither its assembly nor its unauthenticated <c>/_sim</c> routes.</summary>
internal static class EmbeddedWebexSimulator
{
    /// <returns>The running simulator, to be disposed when the service stops; null when none was asked for.</returns>
    public static Task<IAsyncDisposable?> StartAsync(WebApplicationBuilder builder)
    {
        // Needed before the container exists: the simulator's address becomes Webex:BaseUrl for everything registered next.
        var webex = builder.Configuration.Bind<WebexOptions>(WebexOptions.Section);
        if (!webex.UseEmbeddedSimulator) return Task.FromResult<IAsyncDisposable?>(null);
        if (!builder.Environment.IsDevelopment())
            throw new InvalidOperationException(WebexSecretsValidator.EmbeddedSimulatorRefused(builder.Environment.EnvironmentName));
        // The client id and secret the simulator is given are the ones the service will present: checked as on start.
        var result = new WebexOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, webex);
        if (result.Failed) throw new Microsoft.Extensions.Options.OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(WebexOptions), result.Failures);
#if EMBEDDED_WEBEX_SIMULATOR
        return StartSimulatorAsync(builder, webex);
#else
        throw new InvalidOperationException(
            "Webex:UseEmbeddedSimulator is set, but a Release build carries no Webex simulator: run the Debug build " +
            "(`dotnet run --project src/Api`) or set Webex:UseEmbeddedSimulator to false and Webex:BaseUrl to Webex.");
#endif
    }

#if EMBEDDED_WEBEX_SIMULATOR
    private static async Task<IAsyncDisposable?> StartSimulatorAsync(WebApplicationBuilder builder, WebexOptions webex)
    {
        var simulator = await WebexSimulator.WebexSimulatorApp.StartAsync(webex.EmbeddedSimulatorUrl, o =>
        {
            o.ClientId = webex.ClientId;
            o.ClientSecret = webex.ClientSecret;
        });
        builder.Configuration[$"{WebexOptions.Section}:{nameof(WebexOptions.BaseUrl)}"] = new Uri(simulator.BaseAddress, "v1/").AbsoluteUri;
        return simulator;
    }
#endif
}
