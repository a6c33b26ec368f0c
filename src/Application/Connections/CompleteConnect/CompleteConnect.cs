using Mediator;
using Microsoft.Extensions.Logging;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections.StartConnect;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.CompleteConnect;

/// <summary>The browser came back from Webex's consent page to our OAuth callback.</summary>
public sealed record CompleteConnectCommand(string? State, string? Code, string? Error, string? ErrorDescription)
    : ICommand<ConnectOutcome>;

public abstract record ConnectOutcome
{
    /// <summary>The account is connected; send the browser to <see cref="ReturnUrl"/> (or show success).</summary>
    public sealed record Connected(string ZeegUserId, WebexAccount Account, string? ReturnUrl) : ConnectOutcome;

    /// <summary>Webex answered access_denied: the user declined, or their Webex administrator has to approve the
    /// app in Control Hub first. <see cref="RetryUrl"/> starts a fresh attempt for the same Zeeg user.</summary>
    public sealed record Denied(string ZeegUserId, Uri RetryUrl) : ConnectOutcome;

    /// <summary>The callback cannot be honoured (unknown, used or expired state; Webex refused the code).</summary>
    public sealed record Rejected(string Reason, Uri? RetryUrl = null) : ConnectOutcome;

    /// <summary>Webex could not be reached or failed; nothing was stored, the user may try again.</summary>
    public sealed record WebexUnavailable(string Reason, Uri RetryUrl) : ConnectOutcome;
}

public sealed partial class CompleteConnectHandler(
    IPendingAuthorizationRepository authorizations,
    IConnectionRepository connections,
    IConnectionAuditLog audit,
    ITokenProtector protector,
    IWebexOAuth oauth,
    IWebexApi webex,
    AuthorizationStarter starter,
    TimeProvider time,
    ILogger<CompleteConnectHandler> logger) : ICommandHandler<CompleteConnectCommand, ConnectOutcome>
{
    public async ValueTask<ConnectOutcome> Handle(CompleteConnectCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(command.State))
            return new ConnectOutcome.Rejected("The sign-in link is incomplete (no state). Please start connecting again from Zeeg.");

        var now = time.GetUtcNow();
        // Consuming first, whatever the outcome, makes every state single-use: a replayed callback finds nothing.
        var pending = await authorizations.TryConsumeAsync(OAuthSecrets.HashState(command.State), now, cancellationToken);
        if (pending is null)
            return new ConnectOutcome.Rejected("This sign-in link is unknown or was already used. Please start connecting again from Zeeg.");
        if (pending.ExpiresAt <= now)
            return new ConnectOutcome.Rejected("This sign-in link has expired. Please start connecting again.", await RetryUrlAsync(pending, cancellationToken));

        if (command.Error is not null)
            return await HandleErrorAsync(pending, command, now, cancellationToken);

        if (string.IsNullOrEmpty(command.Code))
            return new ConnectOutcome.Rejected("Webex did not send an authorization code.", await RetryUrlAsync(pending, cancellationToken));

        try
        {
            var verifier = protector.Unprotect(pending.CodeVerifier);
            var tokens = await oauth.ExchangeCodeAsync(command.Code, verifier, cancellationToken);
            var account = await webex.GetMeAsync(tokens.AccessToken, cancellationToken);
            var grant = Seal(tokens, now);
            await UpsertAsync(pending.ZeegUserId, account, grant, now, cancellationToken);
            await audit.RecordAsync(new ConnectionAuditEntry(pending.ZeegUserId, ConnectionAuditKind.Connected, account.PersonId, now), cancellationToken);
            LogConnected(pending.ZeegUserId, account.PersonId);
            return new ConnectOutcome.Connected(pending.ZeegUserId, account, pending.ReturnUrl);
        }
        catch (WebexGrantRejectedException rejected)
        {
            LogCodeRejected(pending.ZeegUserId, rejected.Error, rejected.TrackingId);
            await audit.RecordAsync(new ConnectionAuditEntry(pending.ZeegUserId, ConnectionAuditKind.ConnectFailed, rejected.Error, now), cancellationToken);
            return new ConnectOutcome.Rejected("Webex did not accept the sign-in. Please try again.", await RetryUrlAsync(pending, cancellationToken));
        }
        catch (WebexException failure)
        {
            LogWebexFailed(pending.ZeegUserId, failure.StatusCode, failure.TrackingId, failure.Message);
            await audit.RecordAsync(new ConnectionAuditEntry(pending.ZeegUserId, ConnectionAuditKind.ConnectFailed, failure.Message, now), cancellationToken);
            return new ConnectOutcome.WebexUnavailable("Webex could not be reached to finish connecting. Please try again in a moment.", await RetryUrlAsync(pending, cancellationToken));
        }
    }

    private async Task<ConnectOutcome> HandleErrorAsync(
        PendingAuthorization pending, CompleteConnectCommand command, DateTimeOffset now, CancellationToken ct)
    {
        var retryUrl = await RetryUrlAsync(pending, ct);
        if (command.Error == "access_denied")
        {
            await audit.RecordAsync(new ConnectionAuditEntry(
                pending.ZeegUserId, ConnectionAuditKind.AccessDenied, Truncate(command.ErrorDescription), now), ct);
            LogDenied(pending.ZeegUserId);
            return new ConnectOutcome.Denied(pending.ZeegUserId, retryUrl);
        }

        await audit.RecordAsync(new ConnectionAuditEntry(
            pending.ZeegUserId, ConnectionAuditKind.ConnectFailed, Truncate(command.Error), now), ct);
        return new ConnectOutcome.Rejected("Webex reported a problem while connecting. Please try again.", retryUrl);
    }

    private TokenGrant Seal(WebexTokens tokens, DateTimeOffset now) => new(
        protector.Protect(tokens.AccessToken), now + tokens.AccessTokenLifetime,
        protector.Protect(tokens.RefreshToken), now + tokens.RefreshTokenLifetime);

    /// <summary>One row per Zeeg user: a reconnect replaces the grant. Two concurrent callbacks for the same user
    /// both end in one consistent row: the loser of the insert or of the version check re-reads and re-applies.</summary>
    private async Task UpsertAsync(string zeegUserId, WebexAccount account, TokenGrant grant, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await connections.FindByZeegUserAsync(zeegUserId, ct);
            try
            {
                if (existing is null)
                {
                    await connections.AddAsync(WebexConnection.Connect(zeegUserId, account, WebexScopes.Required, grant, now), ct);
                    return;
                }

                var expected = existing.Version;
                existing.Reconnect(account, WebexScopes.Required, grant, now);
                if (await connections.UpdateAsync(existing, expected, ct)) return;
            }
            catch (DuplicateKeyException) when (attempt < 5)
            {
            }

            if (attempt >= 5) throw new InvalidOperationException("The connection kept changing underneath; giving up.");
        }
    }

    private async Task<Uri> RetryUrlAsync(PendingAuthorization pending, CancellationToken ct) =>
        (await starter.BeginAsync(pending.ZeegUserId, pending.ReturnUrl, ct)).AuthorizeUrl;

    private static string? Truncate(string? text) => text is null ? null : text.Length <= 200 ? text : text[..200];

    [LoggerMessage(Level = LogLevel.Information, Message = "Zeeg user {ZeegUserId} connected Webex person {WebexPersonId}")]
    private partial void LogConnected(string zeegUserId, string webexPersonId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zeeg user {ZeegUserId} was denied access at Webex (access_denied); admin approval may be required")]
    private partial void LogDenied(string zeegUserId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex rejected the authorization code for Zeeg user {ZeegUserId}: {Error} (trackingId {TrackingId})")]
    private partial void LogCodeRejected(string zeegUserId, string error, string? trackingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex failed while connecting Zeeg user {ZeegUserId}: status {StatusCode}, trackingId {TrackingId}: {Reason}")]
    private partial void LogWebexFailed(string zeegUserId, int? statusCode, string? trackingId, string reason);
}
