using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ZeegWebex.Api.Security;

/// <summary>The Hangfire dashboard at /hangfire, for operators only: Admins may act on jobs, Viewers only look.</summary>
public static class OperatorDashboard
{
    public const string Path = "/hangfire";

    public const string Policy = "Operators";

    public const string Scheme = "OperatorBasic";

    public static AuthenticationBuilder AddOperatorAuthentication(this AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        services.AddCredentialLimits();
        services.AddOptionsWithValidateOnStart<OperatorOptions, OperatorOptionsValidator>().BindConfiguration(OperatorOptions.Section);
        services.AddMemoryCache();

        authentication.AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(Scheme, "ZeegWebex operators", null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(OperatorRoles.Admin, OperatorRoles.Viewer));
        return authentication;
    }

    /// <summary>
    /// Hangfire's stats and batch-command routes read a form whatever the request is: a GET, or a POST of JSON, made
    /// ASP.NET Core throw "Incorrect Content-Type" (a 500). Such a request now reads as an empty form, which Hangfire
    /// answers itself (no metrics, or 422 for a command naming no job). A GET or HEAD never carries a form, so a
    /// command can only come as a POST, which the antiforgery check covers.
    /// </summary>
    public static IApplicationBuilder UseOperatorDashboardForms(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments(Path)
                && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || !request.HasFormContentType))
            {
                context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
            }
            return next(context);
        });

    public static IEndpointConventionBuilder MapOperatorDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHangfireDashboardWithAuthorizationPolicy(Policy, Path, new DashboardOptions
        {
            DashboardTitle = "ZeegWebex jobs",
            // The policy has already authenticated the operator; what they may do follows from their role.
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(OperatorRoles.Admin),
        });
}
