using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ZeegWebex.Api.Security;

namespace ZeegWebex.Api.Hosting;

/// <summary>Declares in the OpenAPI document how the Zeeg main app authenticates, and marks every /api operation as
/// needing it, so Scalar offers the X-Api-Key field and generated clients send it.</summary>
public sealed class ApiSecurityDocumentTransformer(IOptions<ApiAuthOptions> apiAuth) : IOpenApiDocumentTransformer
{
    public const string ApiKeySchemeName = "ApiKey";
    public const string BearerSchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var acceptsJwt = apiAuth.Value.AcceptsJwt;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "One of the keys configured in ApiAuth:ApiKeys.",
        };
        if (acceptsJwt)
        {
            document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An HS256 token signed with ApiAuth:JwtSigningKey, with the configured issuer and audience.",
            };
        }

        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || item.Operations is null) continue;
            foreach (var operation in item.Operations.Values)
            {
                // Alternatives: either requirement satisfies the operation.
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySchemeName, document)] = [] });
                if (acceptsJwt)
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSchemeName, document)] = [] });
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid API key or bearer token was sent (problem+json)." });
            }
        }
        return Task.CompletedTask;
    }
}
