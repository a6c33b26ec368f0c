using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Application.Connections.StartConnect;

/// <summary>Stores a fresh single-use authorization bound to a Zeeg user and builds its Webex authorize URL. Used to
/// start a connect, and to offer a retry after a denial for the same user the denied state was bound to.</summary>
public sealed class AuthorizationStarter(
    IPendingAuthorizationRepository authorizations,
    ITokenProtector protector,
    IWebexOAuth webex,
    IOptions<ConnectOptions> options,
    TimeProvider time)
{
    public async Task<StartConnectResult> BeginAsync(string zeegUserId, string? returnUrl, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var state = OAuthSecrets.NewState();
        var verifier = OAuthSecrets.NewCodeVerifier();
        var authorization = new PendingAuthorization(
            Guid.NewGuid(), OAuthSecrets.HashState(state), zeegUserId, protector.Protect(verifier), returnUrl,
            now, now + options.Value.StateLifetime);
        await authorizations.AddAsync(authorization, ct);
        return new StartConnectResult(webex.BuildAuthorizeUrl(state, OAuthSecrets.ChallengeFor(verifier)), authorization.ExpiresAt);
    }
}
