using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.StartConnect;
using ZeegWebex.Application.Connections.Tokens;

namespace ZeegWebex.Application;

public static class ApplicationServiceCollectionExtensions
{
    /// <summary>The use cases' own services. The handlers are not here: Mediator's source generator registers them in
    /// the host that calls <c>AddMediator</c>.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // Validators are found by convention: a new feature folder's validator needs no registration line.
        services.AddValidatorsFromAssembly(typeof(ApplicationServiceCollectionExtensions).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        // Every request passes its validators before its handler sees it.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));

        // Shared by several features: a connection's tokens are refreshed, and an OAuth authorization started, in one place.
        services.AddScoped<ConnectionRefresher>();
        services.AddScoped<RefreshLeases>();
        services.AddScoped<AuthorizationStarter>();
        return services;
    }
}
