using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ZeegWebex.Api.Security;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Operations;

/// <summary>One host for the whole class: these tests only read, and each starts from a credential of its own.</summary>
public sealed class ApiAuthenticationHost : IAsyncLifetime
{
    public const string RotatedApiKey = "zeegwebex-test-previous-api-key-77";
    public const string JwtSigningKey = "zeegwebex-test-jwt-signing-key-0123456789abcdef";
    public const string JwtIssuer = "zeeg-test";
    public const string JwtAudience = "zeegwebex-test";

    public ZeegWebexHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
    {
        ["ApiAuth:ApiKeys:1"] = RotatedApiKey,
        ["ApiAuth:JwtSigningKey"] = JwtSigningKey,
        ["ApiAuth:JwtIssuer"] = JwtIssuer,
        ["ApiAuth:JwtAudience"] = JwtAudience,
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>A client without any credential: what anyone on the network can do.</summary>
    public HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };
}

public sealed class ApiAuthenticationTests(ApiAuthenticationHost fixture) : IClassFixture<ApiAuthenticationHost>
{
    private ZeegWebexHost Host => fixture.Host;

    /// <summary>Every operation of every /api group.</summary>
    public static TheoryData<string, string> ApiOperations => new()
    {
        { "POST", "/api/users/u-auth/webex/connect" },
        { "GET", "/api/users/u-auth/webex/connection" },
        { "DELETE", "/api/users/u-auth/webex/connection" },
        { "GET", "/api/users/u-auth/webex/meetings" },
        { "POST", "/api/events" },
        { "GET", "/api/events/evt-auth/meeting" },
        { "PUT", "/api/events/evt-auth" },
        { "DELETE", "/api/events/evt-auth" },
    };

    [Theory]
    [MemberData(nameof(ApiOperations))]
    public async Task Api_call_without_a_credential_is_401_problem_json(string method, string path)
    {
        using var client = fixture.Anonymous();

        var response = await client.SendAsync(Request(method, path));

        await ShouldBeUnauthorizedProblemAsync(response);
    }

    [Theory]
    [MemberData(nameof(ApiOperations))]
    public async Task Api_call_with_a_wrong_api_key_is_401_problem_json(string method, string path)
    {
        using var client = fixture.Anonymous();
        var request = Request(method, path);
        // Same length and prefix as the real key: only the content differs.
        request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, ZeegWebexHost.ApiKey[..^1] + "X");

        var response = await client.SendAsync(request);

        await ShouldBeUnauthorizedProblemAsync(response);
    }

    [Fact]
    public async Task A_refused_schedule_call_writes_nothing()
    {
        using var client = fixture.Anonymous();

        var response = await client.PostAsJsonAsync("/api/events", EventsApi.Event("evt-unauthenticated", "host-x"));

        await ShouldBeUnauthorizedProblemAsync(response);
        (await Host.Client.GetAsync("/api/events/evt-unauthenticated/meeting")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(ZeegWebexHost.ApiKey)]
    [InlineData(ApiAuthenticationHost.RotatedApiKey)]
    public async Task Every_configured_api_key_is_accepted_so_keys_can_be_rotated(string apiKey)
    {
        using var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, apiKey);

        var response = await client.GetAsync("/api/users/nobody-yet/webex/connection");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "the key is accepted and the handler answers for an unknown user");
    }

    [Fact]
    public async Task A_bearer_token_signed_with_the_configured_key_is_accepted()
    {
        using var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(ApiAuthenticationHost.JwtSigningKey));

        var response = await client.GetAsync("/api/users/nobody-yet/webex/connection");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("wrong-audience")]
    [InlineData("wrong-issuer")]
    [InlineData("expired")]
    public async Task A_bearer_token_that_does_not_validate_is_401(string flaw)
    {
        using var client = fixture.Anonymous();
        var token = flaw switch
        {
            "wrong-key" => Token("another-signing-key-of-the-same-size-0123456789a"),
            "wrong-audience" => Token(ApiAuthenticationHost.JwtSigningKey, audience: "someone-else"),
            "wrong-issuer" => Token(ApiAuthenticationHost.JwtSigningKey, issuer: "someone-else"),
            _ => Token(ApiAuthenticationHost.JwtSigningKey, expires: DateTime.UtcNow.AddMinutes(-5)),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/users/nobody-yet/webex/connection");

        await ShouldBeUnauthorizedProblemAsync(response);
    }

    [Theory]
    [InlineData("exp-in-the-year-3000")]
    [InlineData("issued-now-for-two-hours")]
    [InlineData("issued-long-ago-still-valid")]
    [InlineData("no-exp")]
    public async Task A_bearer_token_living_longer_than_the_cap_or_forever_is_401(string flaw)
    {
        using var client = fixture.Anonymous();
        var now = DateTime.UtcNow;
        var token = flaw switch
        {
            "exp-in-the-year-3000" => Signed(issuedAt: now, expires: new DateTime(3000, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            "issued-now-for-two-hours" => Signed(issuedAt: now.AddMinutes(-1), expires: now.AddHours(2)),
            "issued-long-ago-still-valid" => Signed(issuedAt: now.AddDays(-3), expires: now.AddMinutes(5)),
            _ => Signed(issuedAt: now, expires: null),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/users/nobody-yet/webex/connection");

        await ShouldBeUnauthorizedProblemAsync(response);
    }

    [Fact]
    public async Task A_bearer_token_within_the_lifetime_cap_is_accepted()
    {
        using var client = fixture.Anonymous();
        var now = DateTime.UtcNow;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Signed(issuedAt: now.AddMinutes(-1), expires: now.AddMinutes(55)));

        var response = await client.GetAsync("/api/users/nobody-yet/webex/connection");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static string Signed(DateTime issuedAt, DateTime? expires) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ApiAuthenticationHost.JwtIssuer,
            Audience = ApiAuthenticationHost.JwtAudience,
            Subject = new ClaimsIdentity([new Claim("sub", "zeeg-main-app")]),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiAuthenticationHost.JwtSigningKey)), SecurityAlgorithms.HmacSha256),
        });

    [Fact]
    public async Task An_operator_credential_does_not_open_the_api()
    {
        using var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Authorization = Basic(ZeegWebexHost.OperatorUser, ZeegWebexHost.OperatorPassword);

        var response = await client.GetAsync("/api/users/nobody-yet/webex/connection");

        await ShouldBeUnauthorizedProblemAsync(response);
    }

    [Fact]
    public void No_api_endpoint_is_mapped_without_the_zeeg_app_policy()
    {
        var endpoints = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .ToList();

        endpoints.Should().HaveCountGreaterThanOrEqualTo(8);
        endpoints.Should().OnlyContain(
            e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == ApiAuthentication.Policy),
            "every /api endpoint is for the Zeeg main app only");
    }

    [Fact]
    public async Task The_oauth_callback_and_the_connected_page_stay_public()
    {
        using var client = fixture.Anonymous();

        var callback = await client.GetAsync("/webex/oauth/callback?state=unknown-state&code=whatever");
        var connected = await client.GetAsync("/webex/connected");

        callback.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the callback itself answers (an unknown state), not the authentication");
        callback.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        connected.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    internal static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
            request.Content = JsonContent.Create(EventsApi.Event("evt-auth", "u-auth"));
        return request;
    }

    private static string Token(string signingKey, string issuer = ApiAuthenticationHost.JwtIssuer,
        string audience = ApiAuthenticationHost.JwtAudience, DateTime? expires = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "zeeg-main-app")]),
            NotBefore = expiry.AddMinutes(-20),
            IssuedAt = expiry.AddMinutes(-20),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static async Task ShouldBeUnauthorizedProblemAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.WwwAuthenticate.Select(h => h.Scheme).Should().Contain("ApiKey");
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(401);
    }
}
