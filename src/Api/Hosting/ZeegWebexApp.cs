using Microsoft.AspNetCore.Http.Json;
using ZeegWebex.Api.Endpoints;
using ZeegWebex.Application;
using ZeegWebex.Application.Common;
using Scalar.AspNetCore;
using ZeegWebex.Api.Security;
using ZeegWebex.Infrastructure;
using ZeegWebex.Api.Hosting;
using ZeegWebex.Infrastructure.Jobs;
using ZeegWebex.Infrastructure.Observability;
using ZeegWebex.Infrastructure.Webex;

namespace ZeegWebex.Api.Hosting;

/// <summary>Builds the whole service. Tests call it too, with their own configuration, so what they run is what ships.</summary>
public static class ZeegWebexApp
{
    public static async Task<WebApplication> BuildAsync(
        string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? overrideServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // "Request starting/finished" lines carry the full URL, and the OAuth callback's query holds the
        // authorization code: keep ASP.NET Core's per-request lines out of the log whatever the settings say.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        configure?.Invoke(builder);

        var simulator = await EmbeddedWebexSimulator.StartAsync(builder);

        // Mediator's source generator registers the handlers it finds; the rest of Application registers itself.
        builder.Services.AddMediator(options => options.ServiceLifetime = ServiceLifetime.Scoped);
        builder.Services.AddApplication();
        builder.Services.AddInfrastructure(builder.Configuration, builder.Environment);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Since .NET 10 an exception that an IExceptionHandler answered is not logged. The expected ones (bad input,
        // not found, conflict) need no log line; anything else is a 500 whose body says nothing, so the log must.
        builder.Services.Configure<ExceptionHandlerOptions>(o => o.SuppressDiagnosticsCallback = context =>
            context.Exception is RequestValidationException or BadHttpRequestException or NotFoundException or ConflictException or OverloadedException
            || ProblemExceptionHandler.IsDatabaseBusy(context.HttpContext, context.Exception));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddZeegRateLimits(builder.Configuration);
        builder.Services.AddSingleton<ConnectLinks>();
        builder.Services.AddAuthentication().AddZeegApiAuthentication().AddOperatorAuthentication();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<WebexOptions>, WebexSecretsValidator>();
        // Browsers resend Basic credentials on their own, so another site could post dashboard commands in an
        // operator's name; with antiforgery registered Hangfire puts a token in its pages and refuses commands without it.
        builder.Services.AddAntiforgery();
        builder.Services.AddZeegHealthChecks();
        builder.Services.AddZeegTelemetry(builder.Configuration);
        builder.Services.AddOpenApi(o => o
            .AddDocumentTransformer<ApiSecurityDocumentTransformer>()
            .AddOperationTransformer<ProblemExamplesOperationTransformer>());
        overrideServices?.Invoke(builder.Services);

        var app = builder.Build();
        // Check every setting before anything uses one (migrations, Hangfire's storage): a missing setting then
        // stops the start with the validators' messages, which name it, rather than a library's null argument.
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        if (simulator is not null)
            app.Lifetime.ApplicationStopped.Register(() => simulator.DisposeAsync().AsTask().GetAwaiter().GetResult());

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOperatorDashboardForms();

        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapGet("/", () => Results.Redirect("/scalar")).ExcludeFromDescription();
        app.MapZeegHealth();
        // Every /api group needs the Zeeg main app's credential (a test checks no /api endpoint is left open).
        app.MapConnectionsApi().RequireAuthorization(ApiAuthentication.Policy);
        app.MapEventsApi().RequireAuthorization(ApiAuthentication.Policy);
        app.MapUserMeetingsApi().RequireAuthorization(ApiAuthentication.Policy);
        app.MapUserDataApi().RequireAuthorization(ApiAuthentication.Policy);
        app.MapOAuthCallback();
        app.MapOperatorDashboard();
        app.MapZeegMetrics();
        // The gauges (outbox backlog and age, Webex calls in flight) register with the meter when first resolved.
        app.Services.GetRequiredService<ServiceGauges>();

        await app.Services.MigrateDatabaseAsync();
        app.Services.UseRecurringJobs();
        // Work left outstanding by the previous run (its in-memory jobs died with it) is picked up at once.
        app.Lifetime.ApplicationStarted.Register(app.Services.RunStartupSweeps);
        return app;
    }
}
