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
        services.AddOptionsWithValidateOnStart<ConnectOptions, ConnectOptionsValidator>().Bind(configuration.GetSection(ConnectOptions.Section));

        services.AddPersistence(configuration, dataFolder);
        services.AddTokenEncryption(configuration, environment, dataFolder);
        services.AddWebexClient(configuration);
        services.AddJobs(configuration);

        services.AddOptionsWithValidateOnStart<MeetingsOptions, MeetingsOptionsValidator>().Bind(configuration.GetSection(MeetingsOptions.Section));
        services.AddOptionsWithValidateOnStart<TokenRefreshOptions, TokenRefreshOptionsValidator>()
            .Bind(configuration.GetSection(TokenRefreshOptions.Section));
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
