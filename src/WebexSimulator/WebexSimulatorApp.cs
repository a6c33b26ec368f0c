using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ZeegWebex.WebexSimulator;

public static class WebexSimulatorApp
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Builds the simulator as an independent web app. The empty builder is deliberate:
    /// when another app hosts it in-process, it must not pick up that app's appsettings, URLs or
    /// logging configuration.</summary>
    public static WebApplication Build(string[] args, string url, Action<SimulatorOptions>? configure = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(WebexSimulatorApp).Assembly.GetName().Name,
        });
        builder.Configuration.AddEnvironmentVariables("WEBEXSIM_").AddCommandLine(args);
        builder.WebHost.UseKestrelCore().UseUrls(url);
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);

        var options = new SimulatorOptions();
        builder.Configuration.GetSection("Simulator").Bind(options);
        configure?.Invoke(options);

        builder.Services.AddRouting();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton<SimulatorState>();

        var app = builder.Build();
        app.Use(ExchangeJournal.RecordAsync);
        app.Use(WebexError.ConvertUnhandledExceptions);
        app.MapOAuth();
        app.MapPeople();
        app.MapMeetings();
        app.MapMeetingInvitees();
        app.MapSimulatorControl();
        app.MapFallback("/v1/{**path}", (HttpContext http) => WebexError.Result(http, StatusCodes.Status404NotFound, "The requested resource could not be found."));
        return app;
    }

    public static async Task<RunningWebexSimulator> StartAsync(string url = "http://127.0.0.1:0", Action<SimulatorOptions>? configure = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        var app = Build([], url, configure, time);
        await app.StartAsync(ct);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningWebexSimulator(app, new Uri(bound.TrimEnd('/') + "/"));
    }
}
