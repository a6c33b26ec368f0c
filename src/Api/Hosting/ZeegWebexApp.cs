using Microsoft.AspNetCore.Http.Json;
using ZeegWebex.Api.Endpoints;
using ZeegWebex.Application.Common;
using Hangfire;
using ZeegWebex.Infrastructure;
using ZeegWebex.Infrastructure.Jobs;
using ZeegWebex.Infrastructure.Webex;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.Api;

/// <summary>Builds the whole service. Tests call it too, with their own configuration, so what they run is what ships.</summary>
public static class ZeegWebexApp
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        var simulator = await StartEmbeddedSimulatorAsync(builder);

        builder.Services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
        });
        builder.Services.AddInfrastructure(builder.Configuration, builder.Environment);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddZeegRateLimits(builder.Configuration);
        builder.Services.AddOpenApi();

        var app = builder.Build();
        if (simulator is not null)
            app.Lifetime.ApplicationStopped.Register(() => simulator.DisposeAsync().AsTask().GetAwaiter().GetResult());

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapGet("/", () => Results.Redirect("/openapi/v1.json")).ExcludeFromDescription();
        app.MapConnectionsApi();
        app.MapEventsApi();
        app.MapUserMeetingsApi();
        app.MapOAuthCallback();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            DashboardTitle = "ZeegWebex jobs",
            Authorization = [],
            IsReadOnlyFunc = _ => false,
        });

        await app.Services.MigrateDatabaseAsync();
        app.Services.UseRecurringJobs();
        // Work left outstanding by the previous run (its in-memory jobs died with it) is picked up at once.
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<MeetingSweepJob>(job => job.RunAsync(CancellationToken.None)));
        return app;
    }

    /// <summary>In Development the service talks to the Webex simulator, started here on loopback, so `dotnet run`
    /// works on a machine that cannot reach Webex.</summary>
    private static async Task<RunningWebexSimulator?> StartEmbeddedSimulatorAsync(WebApplicationBuilder builder)
    {
        var webex = builder.Configuration.GetSection(WebexOptions.Section).Get<WebexOptions>() ?? new WebexOptions();
        if (!webex.UseEmbeddedSimulator) return null;
        if (builder.Environment.IsProduction())
            throw new InvalidOperationException("Webex:UseEmbeddedSimulator must not be set in Production.");

        var simulator = await WebexSimulatorApp.StartAsync(webex.EmbeddedSimulatorUrl, o =>
        {
            o.ClientId = webex.ClientId;
            o.ClientSecret = webex.ClientSecret;
        });
        builder.Configuration[$"{WebexOptions.Section}:{nameof(WebexOptions.BaseUrl)}"] = new Uri(simulator.BaseAddress, "v1/").AbsoluteUri;
        return simulator;
    }
}
