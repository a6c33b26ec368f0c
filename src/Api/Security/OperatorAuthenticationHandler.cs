using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ZeegWebex.Api.Security;

/// <summary>
/// HTTP Basic authentication of operators against <see cref="OperatorOptions"/>. Browsers send the credential with
/// every request (the dashboard polls every few seconds), and PBKDF2 is deliberately slow, so a verified
/// credential is remembered for a few minutes under a SHA-256 of name, password and stored hash; changing the
/// stored hash or the password therefore misses the cache.
/// </summary>
public sealed class OperatorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<OperatorOptions> operators,
    IMemoryCache verified)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string Realm = "ZeegWebex operators";

    private static readonly TimeSpan RememberVerified = TimeSpan.FromMinutes(5);

    // Unknown names are checked against this too, so a wrong name takes as long as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() => OperatorPasswords.Hash(Guid.NewGuid().ToString()));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(header.Parameter))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return Task.FromResult(AuthenticateResult.Fail("The Basic credential is not valid base64 of UTF-8."));
        }

        var colon = decoded.IndexOf(':');
        if (colon <= 0) return Task.FromResult(AuthenticateResult.Fail("The Basic credential has no user name."));
        var name = decoded[..colon];
        var password = decoded[(colon + 1)..];

        var user = operators.CurrentValue.Find(name);
        if (user is null)
        {
            OperatorPasswords.Verify(password, DecoyHash.Value);
            return Task.FromResult(AuthenticateResult.Fail("The operator credential is not valid."));
        }
        if (!IsVerified(user, password))
            return Task.FromResult(AuthenticateResult.Fail("The operator credential is not valid."));

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        await TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Operator sign-in required",
            detail: "The jobs dashboard is for operators: sign in with an operator name and password.").ExecuteAsync(Context);
    }

    private bool IsVerified(OperatorUser user, string password)
    {
        var key = "operator-credential:" + Convert.ToHexString(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Name}\n{password}\n{user.PasswordHash}")));
        if (verified.TryGetValue(key, out _)) return true;
        if (!OperatorPasswords.Verify(password, user.PasswordHash)) return false;
        verified.Set(key, true, RememberVerified);
        return true;
    }
}
