using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Infrastructure.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database for the "Database" section. The engine, repositories, dialect and factory hold no
    /// per-request state, so one instance each serves the process. Call <see cref="DatabaseMigrator.MigrateAsync"/> at startup.
    /// </summary>
    /// <param name="dataFolder">Where the default SQLite file <c>zeegwebex.db</c> lives when no connection string is set.</param>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration, string dataFolder)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Validate(o => Enum.IsDefined(o.Provider), "Database:Provider must be Sqlite or SqlServer.")
            .Validate(o => o.Provider != DatabaseProvider.SqlServer || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is SqlServer.")
            .Validate(o => o.BusyTimeout >= TimeSpan.FromMilliseconds(100) && o.BusyTimeout <= TimeSpan.FromSeconds(30),
                "Database:BusyTimeout must be between 100 milliseconds and 30 seconds.")
            .Validate(o => o.BusyRetryAfter >= TimeSpan.FromSeconds(1) && o.BusyRetryAfter <= TimeSpan.FromMinutes(10),
                "Database:BusyRetryAfter must be between 1 second and 10 minutes.")
            .ValidateOnStart();

        // The engine is chosen here, once; its connection factory, dialect, migrations and job storage come with it.
        services.AddSingleton(sp => IDatabaseEngine.For(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, dataFolder));
        services.AddSingleton(sp => sp.GetRequiredService<IDatabaseEngine>().Connections);
        services.AddSingleton(sp => sp.GetRequiredService<IDatabaseEngine>().Dialect);

        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<IMigrationStatus>(sp => sp.GetRequiredService<DatabaseMigrator>());
        services.AddSingleton<DatabaseHeartbeat>();

        // The Dapper adapters are registered by convention: every class here that implements an application port
        // (IConnectionRepository, IMeetingRepository, ...) serves it. They hold no state, so one instance each.
        services.Scan(scan => scan
            .FromAssembliesOf(typeof(ConnectionRepository))
            .AddClasses(classes => classes
                .InNamespaceOf<ConnectionRepository>()
                .Where(type => type.GetInterfaces().Any(i => i.Namespace == typeof(IConnectionRepository).Namespace)))
            .AsImplementedInterfaces(i => i.Namespace == typeof(IConnectionRepository).Namespace)
            .WithSingletonLifetime());
        return services;
    }
}
