using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.StartConnect;

/// <summary>Stores a fresh single-use authorization bound to a Zeeg user and hands out its start link token. The only
/// way to a new authorization: a callback (denied, expired, replayed) never makes one, so "try again" always goes
/// through the Zeeg main app, which knows who the user is.</summary>
public sealed class AuthorizationStarter(
    IPendingAuthorizationRepository authorizations,
    ITokenProtector protector,
    IOptions<ConnectOptions> options,
    TimeProvider time)
{
    public async Task<StartConnectResult> BeginAsync(string zeegUserId, string? returnUrl, CancellationToken ct)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        // Purging here keeps the table bounded without a job of its own: every start deletes more expired rows than
        // it adds. Expired rows are kept a while so the connection view can say a connect never came back.
        await authorizations.PurgeExpiredAsync(now - settings.ExpiredRetention, settings.PurgeBatchSize, ct);

        var startToken = OAuthSecrets.NewStartToken();
        var expiresAt = now + settings.StateLifetime;
        var startExpiresAt = now + (settings.StartLinkLifetime < settings.StateLifetime ? settings.StartLinkLifetime : settings.StateLifetime);
        // The state Webex will carry back is minted when the browser opens the start link; until then the row holds
        // the hash of a random value nobody ever sees, so no callback can match it.
        var authorization = new PendingAuthorization(
            Guid.NewGuid(), OAuthSecrets.HashState(OAuthSecrets.NewState()), zeegUserId,
            protector.Protect(OAuthSecrets.NewCodeVerifier()), ReturnUrls.Normalise(returnUrl, settings.AllowedReturnUrlPrefixes),
            now, expiresAt, OAuthSecrets.Hash(startToken), startExpiresAt);
        await authorizations.AddAsync(authorization, ct);
        return new StartConnectResult(startToken, startExpiresAt, expiresAt);
    }
}
