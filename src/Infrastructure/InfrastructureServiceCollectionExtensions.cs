using ZeegWebex.Application.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections;
using ZeegWebex.Application.Connections.RefreshDueConnections;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Infrastructure.Jobs;
using ZeegWebex.Infrastructure.Notifications;
using ZeegWebex.Infrastructure.Observability;
using ZeegWebex.Infrastructure.Persistence;
using ZeegWebex.Infrastructure.Security;
using ZeegWebex.Infrastructure.Webex;
using ZeegWebex.Application.Meetings;

namespace ZeegWebex.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>Everything behind the application's ports: database, token crypto, the Webex adapter.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // The storage and the development key need the folder while services are still being registered.
        services.AddOptionsWithValidateOnStart<DataFolderOptions, DataFolderOptionsValidator>().Bind(configuration);
        var dataFolder = configuration.BindValidated(section: null, new DataFolderOptionsValidator()).ResolvePath(environment.ContentRootPath);
        OwnerOnlyFiles.CreateFolder(dataFolder);

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<ZeegWebexMetrics>();
        services.AddSingleton<OutboxStats>();
        services.AddSingleton<ServiceGauges>();
        services.AddOptions<ConnectOptions>().Bind(configuration.GetSection(ConnectOptions.Section))
            .Validate(o => o.StateLifetime > TimeSpan.Zero, "Connect:StateLifetime must be positive.")
            .Validate(o => o.StartLinkLifetime > TimeSpan.Zero, "Connect:StartLinkLifetime must be positive.")
            .Validate(o => o.ExpiredRetention >= TimeSpan.Zero, "Connect:ExpiredRetention must not be negative.")
            .Validate(o => o.PurgeBatchSize is > 0 and <= 10_000, "Connect:PurgeBatchSize must be between 1 and 10000.")
            .ValidateOnStart();

        services.AddPersistence(configuration, dataFolder);
        services.AddTokenEncryption(configuration, environment, dataFolder);
        services.AddWebexClient(configuration);
        services.AddJobs(configuration);

        services.AddOptionsWithValidateOnStart<MeetingsOptions, MeetingsOptionsValidator>().Bind(configuration.GetSection(MeetingsOptions.Section));
        services.AddOptions<TokenRefreshOptions>().Bind(configuration.GetSection(TokenRefreshOptions.Section))
            .Validate(o => o.AccessTokenWindow > TimeSpan.Zero && o.AccessTokenWindow < TokenRefreshOptions.AccessTokenLifetime,
                "TokenRefresh:AccessTokenWindow must be positive and shorter than a Webex access token's 14-day lifetime.")
            .Validate(o => o.RefreshTokenWindow >= WebexConnection.ReconnectSoonThreshold,
                "TokenRefresh:RefreshTokenWindow must be at least 14 days, so a refresh token that is not extended is noticed before the user has to be warned.")
            .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(10) && o.LeaseDuration <= TimeSpan.FromHours(1),
                "TokenRefresh:LeaseDuration must be between 10 seconds and 1 hour.")
            .Validate(o => o.LeaseWait >= TimeSpan.Zero && o.LeaseWait < o.LeaseDuration,
                "TokenRefresh:LeaseWait must not be negative and shorter than TokenRefresh:LeaseDuration.")
            .Validate(o => o.LeasePollInterval > TimeSpan.Zero && o.LeasePollInterval <= TimeSpan.FromSeconds(10),
                "TokenRefresh:LeasePollInterval must be positive and at most 10 seconds.")
            .Validate(o => o.BatchSize is > 0 and <= 5000, "TokenRefresh:BatchSize must be between 1 and 5000.")
            .Validate(o => o.MaxParallelism is > 0 and <= 64, "TokenRefresh:MaxParallelism must be between 1 and 64.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddOptionsWithValidateOnStart<OutcomeWebhookOptions, OutcomeWebhookOptionsValidator>()
            .Bind(configuration.GetSection(OutcomeWebhookOptions.Section));
        services.AddSingleton<IZeegNotifier, ZeegOutboxNotifier>();
        services.AddTransient<WebhookDeliveryMetricsHandler>();
        services.AddHttpClient<OutcomeNoticeDispatcher>().AddHttpMessageHandler<WebhookDeliveryMetricsHandler>();
        services.AddTransient<OutcomeDeliveryJob>();
        services.AddTransient<OutcomeWebhookJob>();
        return services;
    }

    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default) =>
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
}
