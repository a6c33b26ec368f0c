using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Application.Connections.OpenConnectLink;

/// <summary>A browser opened the start link the Zeeg main app gave it: bind the connect to this browser and send it on
/// to Webex.</summary>
public sealed record OpenConnectLinkCommand(string? StartToken) : ICommand<OpenConnectLinkOutcome>
{
    public override string ToString() => "OpenConnectLinkCommand";
}

public abstract record OpenConnectLinkOutcome
{
    /// <summary>Set <see cref="BindingValue"/> as the browser's connect cookie (until <see cref="ExpiresAt"/>) and
    /// redirect it to <see cref="AuthorizeUrl"/>.</summary>
    public sealed record Opened(Uri AuthorizeUrl, string BindingValue, DateTimeOffset ExpiresAt) : OpenConnectLinkOutcome
    {
        public override string ToString() => $"Opened(expires {ExpiresAt:O})";
    }

    /// <summary>Unknown, used or expired link: the user has to start again from Zeeg (<see cref="ReturnUrl"/> when known).</summary>
    public sealed record Refused(string Reason, string? ReturnUrl) : OpenConnectLinkOutcome;
}

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

public sealed class OpenConnectLinkValidator : AbstractValidator<OpenConnectLinkCommand>
{
    public OpenConnectLinkValidator() => RuleFor(c => c.StartToken).MaximumLength(128);
}
