using Mediator;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Application.Connections.StartConnect;

/// <summary>The Zeeg main app wants to connect a user's Webex account: give it the URL to send the browser to.</summary>
public sealed record StartConnectCommand(string ZeegUserId, string? ReturnUrl) : ICommand<StartConnectResult>;

public sealed record StartConnectResult(Uri AuthorizeUrl, DateTimeOffset ExpiresAt);

public sealed class StartConnectHandler(
    IPendingAuthorizationRepository authorizations,
    ITokenProtector protector,
    IWebexOAuth webex,
    IOptions<ConnectOptions> options,
    TimeProvider time) : ICommandHandler<StartConnectCommand, StartConnectResult>
{
    public async ValueTask<StartConnectResult> Handle(StartConnectCommand command, CancellationToken cancellationToken)
    {
        var (url, expiresAt) = await BeginAsync(
            authorizations, protector, webex, options.Value, time, command.ZeegUserId, command.ReturnUrl, cancellationToken);
        return new StartConnectResult(url, expiresAt);
    }

    /// <summary>Stores a fresh single-use authorization bound to the Zeeg user and builds its authorize URL.
    /// Also used to offer a retry after a denial, for the same user the denied state was bound to.</summary>
    internal static async Task<(Uri Url, DateTimeOffset ExpiresAt)> BeginAsync(
        IPendingAuthorizationRepository authorizations, ITokenProtector protector, IWebexOAuth webex,
        ConnectOptions options, TimeProvider time, string zeegUserId, string? returnUrl, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var state = OAuthSecrets.NewState();
        var verifier = OAuthSecrets.NewCodeVerifier();
        var authorization = new PendingAuthorization(
            Guid.NewGuid(), OAuthSecrets.HashState(state), zeegUserId, protector.Protect(verifier), returnUrl,
            now, now + options.StateLifetime);
        await authorizations.AddAsync(authorization, ct);
        return (webex.BuildAuthorizeUrl(state, OAuthSecrets.ChallengeFor(verifier)), authorization.ExpiresAt);
    }
}
