using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.CompleteConnect;

public sealed partial class CompleteConnectHandler(
    IPendingAuthorizationRepository authorizations,
    IConnectionRepository connections,
    IConnectionAuditLog audit,
    ITokenProtector protector,
    IWebexOAuth oauth,
    IWebexApi webex,
    IOptions<ConnectOptions> options,
    TimeProvider time,
    ILogger<CompleteConnectHandler> logger) : ICommandHandler<CompleteConnectCommand, ConnectOutcome>
{
    private const string StartAgain = "Please start connecting again from Zeeg.";

    public async ValueTask<ConnectOutcome> Handle(CompleteConnectCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(command.State))
            return new ConnectOutcome.Rejected($"The sign-in link is incomplete (no state). {StartAgain}");

        var now = time.GetUtcNow();
        var stateHash = OAuthSecrets.HashState(command.State);
        // Consuming first, whatever the outcome, makes every state single-use: a replayed callback finds nothing.
        // Only the browser that opened the start link (same binding cookie) can consume it, and only in time.
        var pending = string.IsNullOrEmpty(command.Binding)
            ? null
            : await authorizations.TryConsumeAsync(stateHash, OAuthSecrets.Hash(command.Binding), now, cancellationToken);
        if (pending is null)
            return await RejectAsync(stateHash, now, cancellationToken);

        var returnUrl = ValidReturnUrl(pending.ReturnUrl);
        if (command.Error is not null)
            return await HandleErrorAsync(pending, command, returnUrl, now, cancellationToken);

        if (string.IsNullOrEmpty(command.Code))
            return new ConnectOutcome.Rejected($"Webex did not send an authorization code. {StartAgain}", returnUrl);

        try
        {
            var verifier = protector.Unprotect(pending.CodeVerifier);
            var tokens = await oauth.ExchangeCodeAsync(command.Code, verifier, cancellationToken);
            var account = await webex.GetMeAsync(tokens.AccessToken, cancellationToken);
            var grant = protector.Seal(tokens, now);
            await UpsertAsync(pending.ZeegUserId, account, grant, now, cancellationToken);
            await audit.RecordAsync(new ConnectionAuditEntry(pending.ZeegUserId, ConnectionAuditKind.Connected, account.PersonId, now), cancellationToken);
            LogConnected(pending.ZeegUserId, account.PersonId);
            return new ConnectOutcome.Connected(pending.ZeegUserId, account, returnUrl);
        }
        catch (WebexGrantRejectedException rejected)
        {
            LogCodeRejected(pending.ZeegUserId, rejected.Error, rejected.TrackingId);
            await audit.RecordAsync(new ConnectionAuditEntry(pending.ZeegUserId, ConnectionAuditKind.ConnectFailed, rejected.Error, now), cancellationToken);
            return new ConnectOutcome.Rejected($"Webex did not accept the sign-in. {StartAgain}", returnUrl);
        }
        catch (WebexException failure)
        {
            LogWebexFailed(pending.ZeegUserId, failure.StatusCode, failure.TrackingId, failure.Message);
            await audit.RecordAsync(new ConnectionAuditEntry(pending.ZeegUserId, ConnectionAuditKind.ConnectFailed, failure.Message, now), cancellationToken);
            return new ConnectOutcome.WebexUnavailable("Webex could not be reached to finish connecting. Please wait a moment, then start again from Zeeg.", returnUrl);
        }
    }

    /// <summary>Says why nothing happened. Never offers a new authorize URL: whoever holds an old state (or another
    /// browser's) must not get a fresh sign-in for that Zeeg user.</summary>
    private async Task<ConnectOutcome> RejectAsync(string stateHash, DateTimeOffset now, CancellationToken ct)
    {
        var known = await authorizations.FindByStateHashAsync(stateHash, ct);
        if (known is null)
            return new ConnectOutcome.Rejected($"This sign-in link is unknown or was already used. {StartAgain}");

        var returnUrl = ValidReturnUrl(known.ReturnUrl);
        if (known.ConsumedAt is not null)
            return new ConnectOutcome.Rejected($"This sign-in link was already used. {StartAgain}", returnUrl);
        if (known.ExpiresAt <= now)
            return new ConnectOutcome.Rejected($"This sign-in link has expired. {StartAgain}", returnUrl);
        LogWrongBrowser(known.ZeegUserId);
        return new ConnectOutcome.Rejected(
            "This sign-in was started in a different browser, its cookie was blocked, or a newer connect was started in " +
            "this browser since, so it cannot be finished here. Finish it where you started, or start connecting again " +
            "from Zeeg in this browser.", returnUrl);
    }

    private async Task<ConnectOutcome> HandleErrorAsync(
        PendingAuthorization pending, CompleteConnectCommand command, string? returnUrl, DateTimeOffset now, CancellationToken ct)
    {
        if (command.Error == "access_denied")
        {
            await audit.RecordAsync(new ConnectionAuditEntry(
                pending.ZeegUserId, ConnectionAuditKind.AccessDenied, Truncate(command.ErrorDescription), now), ct);
            LogDenied(pending.ZeegUserId);
            return new ConnectOutcome.Denied(pending.ZeegUserId, returnUrl);
        }

        await audit.RecordAsync(new ConnectionAuditEntry(
            pending.ZeegUserId, ConnectionAuditKind.ConnectFailed, Truncate(command.Error), now), ct);
        return new ConnectOutcome.Rejected($"Webex reported a problem while connecting. {StartAgain}", returnUrl);
    }

    // Checked again on the way out: the allowed prefixes may have changed since the connect started.
    private string? ValidReturnUrl(string? stored) => ReturnUrls.Normalise(stored, options.Value.AllowedReturnUrlPrefixes);

    /// <summary>One row per Zeeg user: a reconnect replaces the grant. Two concurrent callbacks for the same user
    /// both end in one consistent row: the loser of the insert or of the version check re-reads and re-applies.</summary>
    private async Task UpsertAsync(string zeegUserId, WebexAccount account, TokenGrant grant, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reconnected = await OptimisticUpdate.ApplyAsync(connections, token => connections.FindByZeegUserAsync(zeegUserId, token), existing =>
            {
                existing.Reconnect(account, WebexScopes.Required, grant, now);
                return true;
            }, ct);
            if (reconnected.Written) return;
            if (reconnected.Status == OptimisticUpdateStatus.KeptChanging) break;
            try
            {
                await connections.AddAsync(WebexConnection.Connect(zeegUserId, account, WebexScopes.Required, grant, now), ct);
                return;
            }
            catch (DuplicateKeyException) when (attempt < OptimisticUpdate.DefaultAttempts)
            {
                // A concurrent callback inserted the row first: this one re-reads it and reconnects it.
            }
        }

        throw new InvalidOperationException("The connection kept changing underneath; giving up.");
    }

    private static string? Truncate(string? text) => text is null ? null : text.Length <= 200 ? text : text[..200];

    [LoggerMessage(Level = LogLevel.Information, Message = "Zeeg user {ZeegUserId} connected Webex person {WebexPersonId}")]
    private partial void LogConnected(string zeegUserId, string webexPersonId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zeeg user {ZeegUserId} was denied access at Webex (access_denied); admin approval may be required")]
    private partial void LogDenied(string zeegUserId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A callback for Zeeg user {ZeegUserId} came without the connect cookie of the browser that started it; nothing was stored")]
    private partial void LogWrongBrowser(string zeegUserId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex rejected the authorization code for Zeeg user {ZeegUserId}: {Error} (trackingId {TrackingId})")]
    private partial void LogCodeRejected(string zeegUserId, string error, string? trackingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex failed while connecting Zeeg user {ZeegUserId}: status {StatusCode}, trackingId {TrackingId}: {Reason}")]
    private partial void LogWebexFailed(string zeegUserId, int? statusCode, string? trackingId, string reason);
}
