using System.Diagnostics;
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
/// HTTP Basic authentication of operators against <see cref="OperatorOptions"/>. PBKDF2 is deliberately slow
/// (~150 ms of CPU), so refusing must be cheap:
/// <list type="bullet">
/// <item>Browsers send the credential with every request (the dashboard polls every few seconds): a verified one is
/// remembered for a few minutes under an HMAC (with a per-process key) of the header and the stored hash, so it is
/// checked without PBKDF2, and never held back by any limit.</item>
/// <item>An address that failed <see cref="CredentialLimitsOptions.FailedOperatorLogins"/> times in the window is
/// answered 429 with Retry-After before any hashing.</item>
/// <item>At most <see cref="CredentialLimitsOptions.ConcurrentPasswordChecks"/> checks run at once; one more is
/// answered 503 with Retry-After at once.</item>
/// <item>An unknown name is refused without hashing, after waiting (not computing) as long as a check takes, so the
/// answer's timing does not tell which names exist.</item>
/// </list>
/// </summary>
public sealed class OperatorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<OperatorOptions> operators,
    IMemoryCache verified,
    CredentialThrottle throttle,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string Realm = "ZeegWebex operators";

    private static readonly TimeSpan RememberVerified = TimeSpan.FromMinutes(5);

    private static readonly byte[] CacheKeySecret = RandomNumberGenerator.GetBytes(32);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(header.Parameter))
        {
            return AuthenticateResult.NoResult();
        }

        // A credential verified a moment ago (the dashboard's polling) passes whatever the limits say.
        var cacheKey = CacheKeyOf(header.Parameter);
        if (verified.TryGetValue(cacheKey, out VerifiedOperator? remembered)
            && operators.CurrentValue.Find(remembered!.Name) is { } rememberedUser
            && string.Equals(rememberedUser.PasswordHash, remembered.PasswordHash, StringComparison.Ordinal))
        {
            return Success(rememberedUser);
        }

        var client = CredentialThrottle.ClientOf(Context);
        if (throttle.Operators.IsBlocked(client, out var retryAfter))
        {
            CredentialThrottle.Refuse(Context, StatusCodes.Status429TooManyRequests, retryAfter);
            return AuthenticateResult.Fail("Too many failed operator sign-ins from this client.");
        }

        if (!TryDecode(header.Parameter, out var name, out var password))
            return Failed(client, "The Basic credential is not valid base64 of UTF-8 with a user name.");

        var user = operators.CurrentValue.Find(name);
        if (user is null)
        {
            if (!throttle.PasswordCheckAvailable) return Busy();
            try
            {
                await Task.Delay(throttle.TypicalPasswordCheck, time, Context.RequestAborted);
            }
            catch (OperationCanceledException) when (Context.RequestAborted.IsCancellationRequested)
            {
                // The client left; the refusal below goes nowhere, which is fine.
            }
            return Failed(client, "The operator credential is not valid.");
        }

        bool matches;
        using (var slot = throttle.TryEnterPasswordCheck())
        {
            if (slot is null) return Busy();
            var started = Stopwatch.GetTimestamp();
            matches = OperatorPasswords.Verify(password, user.PasswordHash);
            throttle.RecordPasswordCheck(Stopwatch.GetElapsedTime(started));
        }
        if (!matches) return Failed(client, "The operator credential is not valid.");

        verified.Set(cacheKey, new VerifiedOperator(user.Name, user.PasswordHash), RememberVerified);
        return Success(user);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (await CredentialThrottle.TryWriteRefusalAsync(Context)) return;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        await TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Operator sign-in required",
            detail: "The jobs dashboard is for operators: sign in with an operator name and password.").ExecuteAsync(Context);
    }

    private AuthenticateResult Success(OperatorUser user)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private AuthenticateResult Failed(string client, string reason)
    {
        if (throttle.Operators.RecordFailure(client, out var retryAfter))
            CredentialThrottle.Refuse(Context, StatusCodes.Status429TooManyRequests, retryAfter);
        return AuthenticateResult.Fail(reason);
    }

    private AuthenticateResult Busy()
    {
        CredentialThrottle.Refuse(Context, StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(1));
        return AuthenticateResult.Fail("Every operator password check is busy.");
    }

    private static string CacheKeyOf(string basicParameter) =>
        "operator-credential:" + Convert.ToHexString(HMACSHA256.HashData(CacheKeySecret, Encoding.UTF8.GetBytes(basicParameter)));

    private static bool TryDecode(string basicParameter, out string name, out string password)
    {
        name = password = "";
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(basicParameter));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':');
        if (colon <= 0) return false;
        name = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
    }

    private sealed record VerifiedOperator(string Name, string PasswordHash)
    {
        public override string ToString() => $"VerifiedOperator({Name})";
    }
}
