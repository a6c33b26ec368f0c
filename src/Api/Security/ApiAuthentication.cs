using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ZeegWebex.Api.Security;

/// <summary>
/// Authentication for the Zeeg main app on <c>/api/*</c>: an <c>X-Api-Key</c> header or an HS256 bearer token.
/// Endpoints opt in with <c>RequireAuthorization(ApiAuthentication.Policy)</c>; the OAuth callback, health and
/// the OpenAPI document stay public.
/// </summary>
public static class ApiAuthentication
{
    public const string Policy = "ZeegApp";

    /// <summary>The scheme the policy names: it picks the API key or the bearer handler by what the request carries.</summary>
    public const string Scheme = "ZeegApp";

    public const string ApiKeyScheme = "ApiKey";

    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Which of ApiAuth:ApiKeys matched, so a rotation can be followed without logging keys.</summary>
    public const string ApiKeyIndexClaim = "zeeg:api_key_index";

    public static AuthenticationBuilder AddZeegApiAuthentication(this AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        services.AddCredentialLimits();
        services.AddOptionsWithValidateOnStart<ApiAuthOptions, ApiAuthOptionsValidator>().BindConfiguration(ApiAuthOptions.Section);

        authentication.AddPolicyScheme(Scheme, "Zeeg main app", o =>
        {
            o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerScheme
                    : ApiKeyScheme;
            // One answer for every failure: a problem+json body and a WWW-Authenticate header per accepted credential.
            o.ForwardChallenge = ApiKeyScheme;
        });
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, "Zeeg API key", null);
        authentication.AddJwtBearer(BearerScheme);
        services.AddOptions<JwtBearerOptions>(BearerScheme).Configure<IOptions<ApiAuthOptions>>((jwt, apiAuth) =>
        {
            var options = apiAuth.Value;
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = options.JwtIssuer,
                ValidateAudience = true,
                ValidAudience = options.JwtAudience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                ValidateIssuerSigningKey = true,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                // Without a configured key no token can validate: bearer tokens are then simply refused.
                IssuerSigningKey = options.AcceptsJwt
                    ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.JwtSigningKey!))
                    : new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            };
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
                    if (!IsWithinLifetimeCap(context.SecurityToken, now, options.JwtMaxLifetime, jwt.TokenValidationParameters.ClockSkew))
                        context.Fail($"The bearer token is valid for longer than ApiAuth:JwtMaxLifetime ({options.JwtMaxLifetime}).");
                    return Task.CompletedTask;
                },
            };
        });

        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser());
        return authentication;
    }

    /// <summary>A signed token with <c>exp</c> in the year 3000 is as good as a password that never changes: the span
    /// from its issue (iat, else nbf) to its expiry, and from now to its expiry, must both fit the cap.</summary>
    internal static bool IsWithinLifetimeCap(SecurityToken token, DateTime utcNow, TimeSpan maxLifetime, TimeSpan clockSkew)
    {
        var expires = token.ValidTo;
        if (expires == DateTime.MinValue) return false;
        var issued = token is Microsoft.IdentityModel.JsonWebTokens.JsonWebToken { IssuedAt: var iat } && iat != DateTime.MinValue
            ? iat
            : token.ValidFrom;
        if (issued != DateTime.MinValue && expires - issued > maxLifetime) return false;
        return expires - utcNow <= maxLifetime + clockSkew;
    }

    /// <summary>The per-address failure limits and the password-check cap, shared by the API and operator handlers.</summary>
    public static IServiceCollection AddCredentialLimits(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<CredentialLimitsOptions, CredentialLimitsOptionsValidator>()
            .BindConfiguration(CredentialLimitsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CredentialThrottle>();
        return services;
    }

    /// <summary>Every request to /api that ends here carried no valid credential: it counts against its address, and
    /// past the limit the answer is 429 with Retry-After instead of 401. A valid key or token never gets here.</summary>
    internal static async Task WriteChallengeAsync(HttpContext context, ApiAuthOptions options)
    {
        var throttle = context.RequestServices.GetRequiredService<CredentialThrottle>();
        if (throttle.Api.RecordFailure(CredentialThrottle.ClientOf(context), out var retryAfter))
        {
            CredentialThrottle.Refuse(context, StatusCodes.Status429TooManyRequests, retryAfter);
            await CredentialThrottle.TryWriteRefusalAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.Append("WWW-Authenticate", $"ApiKey header=\"{ApiKeyAuthenticationHandler.HeaderName}\"");
        if (options.AcceptsJwt) context.Response.Headers.Append("WWW-Authenticate", "Bearer realm=\"ZeegWebex\"");
        await TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Authentication required",
            detail: options.AcceptsJwt
                ? $"Send a valid API key in the {ApiKeyAuthenticationHandler.HeaderName} header or a valid bearer token."
                : $"Send a valid API key in the {ApiKeyAuthenticationHandler.HeaderName} header.").ExecuteAsync(context);
    }
}
