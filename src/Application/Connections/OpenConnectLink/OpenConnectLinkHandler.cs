using Mediator;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Application.Connections.OpenConnectLink;

public sealed class OpenConnectLinkHandler(
    IPendingAuthorizationRepository authorizations,
    ITokenProtector protector,
    IWebexOAuth webex,
    IOptions<ConnectOptions> options,
    TimeProvider time) : ICommandHandler<OpenConnectLinkCommand, OpenConnectLinkOutcome>
{
    public async ValueTask<OpenConnectLinkOutcome> Handle(OpenConnectLinkCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(command.StartToken))
            return new OpenConnectLinkOutcome.Refused("This connect link is incomplete. Please start connecting again from Zeeg.", null);

        var now = time.GetUtcNow();
        var startHash = OAuthSecrets.Hash(command.StartToken);
        var state = OAuthSecrets.NewState();
        var binding = OAuthSecrets.NewBindingValue();
        var opened = await authorizations.TryOpenAsync(startHash, OAuthSecrets.HashState(state), OAuthSecrets.Hash(binding), now, cancellationToken);
        if (opened is null)
        {
            var known = await authorizations.FindByStartHashAsync(startHash, cancellationToken);
            var reason = known is null
                ? "This connect link is unknown. Please start connecting again from Zeeg."
                : known.OpenedAt is not null || known.ConsumedAt is not null
                    ? "This connect link was already used. Please start connecting again from Zeeg."
                    : "This connect link has expired. Please start connecting again from Zeeg.";
            return new OpenConnectLinkOutcome.Refused(reason, known is null ? null : ValidReturnUrl(known.ReturnUrl));
        }

        var verifier = protector.Unprotect(opened.CodeVerifier);
        return new OpenConnectLinkOutcome.Opened(webex.BuildAuthorizeUrl(state, OAuthSecrets.ChallengeFor(verifier)), binding, opened.ExpiresAt);
    }

    private string? ValidReturnUrl(string? stored) => ReturnUrls.Normalise(stored, options.Value.AllowedReturnUrlPrefixes);
}
