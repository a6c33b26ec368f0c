using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ZeegWebex.Api.Security;

/// <summary>
/// Accepts the Zeeg main app by its <c>X-Api-Key</c> header. Both the presented key and every configured key are
/// hashed with SHA-256 and the hashes compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, so
/// neither the content nor the length of a configured key leaks through response times.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<ApiAuthOptions> apiAuth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (values.Count > 1)
            return Task.FromResult(AuthenticateResult.Fail($"More than one {HeaderName} header was sent."));

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> configured = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(values[0]!), presented);

        // Every configured key is compared, matched or not, so the time taken does not say which one matched.
        var matched = -1;
        var keys = apiAuth.CurrentValue.ApiKeys;
        for (var i = 0; i < keys.Count; i++)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(keys[i].Trim()), configured);
            if (CryptographicOperations.FixedTimeEquals(presented, configured) && matched < 0) matched = i;
        }

        if (matched < 0)
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "zeeg-app"), new Claim(ApiAuthentication.ApiKeyIndexClaim, matched.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiAuthentication.WriteChallengeAsync(Context, apiAuth.CurrentValue);
}
