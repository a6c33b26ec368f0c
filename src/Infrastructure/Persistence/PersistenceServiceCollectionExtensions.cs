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
        services.AddOptionsWithValidateOnStart<DatabaseOptions, DatabaseOptionsValidator>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName));

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
