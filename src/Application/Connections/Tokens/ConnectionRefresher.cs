using Mediator;
using Microsoft.Extensions.Logging;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.Tokens;

/// <summary>The one place that spends a refresh token. Refreshes are single-flight per connection across every
/// service process on the database (<see cref="RefreshLeases"/>): whoever comes second waits briefly and re-reads the
/// row, finds the fresh tokens stored, and uses them, so the recurring sweep, on-demand refreshes and other nodes never
/// all spend the same refresh token.</summary>
public sealed partial class ConnectionRefresher(
    IConnectionRepository connections,
    IConnectionAuditLog audit,
    ITokenProtector protector,
    IWebexOAuth oauth,
    IZeegNotifier notifier,
    IUnitOfWork unitOfWork,
    IPublisher publisher,
    RefreshLeases leases,
    ZeegWebexMetrics metrics,
    TimeProvider time,
    ILogger<ConnectionRefresher> logger)
{
    /// <summary>Refreshes when the access token expires within <paramref name="window"/> (or always, with
    /// <paramref name="force"/>) and answers a usable access token.</summary>
    /// <exception cref="ConnectionUnavailableException">The connection is gone or needs the user to consent again.</exception>
    /// <exception cref="TokenRefreshInProgressException">Another caller held the refresh lease for longer than we wait.</exception>
    public async Task<string> GetAccessTokenAsync(Guid connectionId, TimeSpan window, bool force, CancellationToken ct) =>
        await GetAccessTokenAsync(await FindActiveAsync(connectionId, ct), window, force, ct);

    /// <summary>As <see cref="GetAccessTokenAsync(Guid, TimeSpan, bool, CancellationToken)"/>, starting from the
    /// connection as the caller has just read it (one read fewer when its access token is still good).</summary>
    public async Task<string> GetAccessTokenAsync(WebexConnection seen, TimeSpan window, bool force, CancellationToken ct)
    {
        EnsureActive(seen);
        var connectionId = seen.Id;
        if (!force && !seen.AccessTokenExpiresWithin(window, time.GetUtcNow()))
            return protector.Unprotect(seen.AccessToken!);

        var deadline = leases.WaitDeadline();
        while (true)
        {
            await using (var lease = await leases.TryTakeAsync(connectionId, ct))
            {
                // Read after claiming: a refresh that finished a moment ago (here or on another node) is visible now.
                var connection = await FindActiveAsync(connectionId, ct);
                var now = time.GetUtcNow();
                var refreshedMeanwhile = connection.TokensRefreshedAt != seen.TokensRefreshedAt;
                if (refreshedMeanwhile ? !connection.AccessTokenExpiresWithin(TimeSpan.Zero, now) : !force && !connection.AccessTokenExpiresWithin(window, now))
                {
                    LogUsedFreshTokens(connection.ZeegUserId);
                    return protector.Unprotect(connection.AccessToken!);
                }

                if (lease is not null)
                {
                    var (result, accessToken) = await RefreshAsync(connection, now, ct);
                    return result switch
                    {
                        RefreshResult.Refreshed => accessToken!,
                        RefreshResult.ReauthorizationRequired => throw new ConnectionUnavailableException(
                            "Webex no longer accepts this connection's refresh token; the user has to reconnect Webex."),
                        _ => throw new ConnectionUnavailableException("The Webex connection changed while it was being refreshed; try again."),
                    };
                }
            }

            if (time.GetUtcNow() >= deadline) throw new TokenRefreshInProgressException();
            await leases.WaitAsync(ct);
        }
    }

    /// <summary>Refreshes if still due by <see cref="WebexConnection.IsDueForRefresh"/>; answers what happened. Never
    /// waits: a connection whose lease is held elsewhere is being refreshed there.</summary>
    /// <exception cref="WebexException">Webex failed for another reason than rejecting the grant (429, 5xx, timeout).</exception>
    public async Task<RefreshResult> RefreshIfDueAsync(Guid connectionId, TimeSpan accessWindow, TimeSpan refreshWindow, CancellationToken ct)
    {
        await using var lease = await leases.TryTakeAsync(connectionId, ct);
        if (lease is null) return RefreshResult.Busy;
        var connection = await connections.FindAsync(connectionId, ct);
        var now = time.GetUtcNow();
        if (connection is null || !connection.IsDueForRefresh(now, accessWindow, refreshWindow)) return RefreshResult.NotDue;
        return (await RefreshAsync(connection, now, ct)).Result;
    }

    private async Task<WebexConnection> FindActiveAsync(Guid connectionId, CancellationToken ct)
    {
        var connection = await connections.FindAsync(connectionId, ct)
            ?? throw new ConnectionUnavailableException("The Webex connection no longer exists.");
        EnsureActive(connection);
        return connection;
    }

    private static void EnsureActive(WebexConnection connection)
    {
        if (connection.Status != ConnectionStatus.Active)
            throw new ConnectionUnavailableException(connection.StatusReason ?? "The Webex connection is not active; the user has to reconnect Webex.");
    }

    private async Task<(RefreshResult Result, string? AccessToken)> RefreshAsync(WebexConnection connection, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var outcome = await RefreshCoreAsync(connection, now, ct);
            metrics.TokenRefresh(outcome.Result.ToString());
            return outcome;
        }
        catch (WebexException failure)
        {
            metrics.TokenRefresh(failure.IsTransient ? "TransientFailure" : "Failed");
            throw;
        }
    }

    private async Task<(RefreshResult Result, string? AccessToken)> RefreshCoreAsync(WebexConnection connection, DateTimeOffset now, CancellationToken ct)
    {
        WebexTokens tokens;
        try
        {
            tokens = await oauth.RefreshAsync(protector.Unprotect(connection.RefreshToken!), ct);
        }
        catch (WebexGrantRejectedException rejected)
        {
            return (await RequireReauthorizationAsync(connection, rejected, now, ct)
                ? RefreshResult.ReauthorizationRequired
                : RefreshResult.Superseded, null);
        }

        var expected = connection.Version;
        connection.Refresh(protector.Seal(tokens, now), now);
        // Refreshing normally moves the refresh token's end 90 days out; one still within 14 days of it was not
        // extended, and Zeeg hears so once (the notice time is stored with the tokens).
        var reconnectSoon = connection.TakeReconnectSoonNotice(now);
        // The new tokens, the audit entry and Zeeg's notice commit together: the notice time stored with the tokens
        // (Zeeg is told once) is true exactly when the notice is in the outbox.
        var stored = await unitOfWork.RunAsync(async token =>
        {
            if (!await connections.UpdateAsync(connection, expected, token)) return false;
            if (reconnectSoon)
            {
                await audit.RecordAsync(new ConnectionAuditEntry(
                    connection.ZeegUserId, ConnectionAuditKind.ReconnectSoon, $"The refresh token ends at {connection.RefreshTokenExpiresAt:O}.", now), token);
                await notifier.ConnectionReconnectSoonAsync(connection.ZeegUserId, connection.RefreshTokenExpiresAt!.Value, token);
            }

            return true;
        }, ct);
        if (!stored)
        {
            // Changed underneath (a reconnect or disconnect won): the row is the truth, the grant we got is dropped.
            LogRefreshLostRace(connection.ZeegUserId);
            return (RefreshResult.Superseded, null);
        }

        LogRefreshed(connection.ZeegUserId, connection.AccessTokenExpiresAt);
        if (reconnectSoon) LogReconnectSoon(connection.ZeegUserId, connection.RefreshTokenExpiresAt);
        return (RefreshResult.Refreshed, tokens.AccessToken);
    }

    /// <returns>false when the row changed first (a reconnect or disconnect won) and nothing was written.</returns>
    private async Task<bool> RequireReauthorizationAsync(WebexConnection connection, WebexGrantRejectedException rejected, DateTimeOffset now, CancellationToken ct)
    {
        LogRejected(connection.ZeegUserId, rejected.Error, rejected.TrackingId);
        const string reason = "Webex rejected the stored refresh token (expired or revoked). The user has to reconnect Webex.";
        var expected = connection.Version;
        connection.RequireReauthorization(reason, now);
        var stored = await unitOfWork.RunAsync(async token =>
        {
            if (!await connections.UpdateAsync(connection, expected, token)) return false;
            await audit.RecordAsync(new ConnectionAuditEntry(connection.ZeegUserId, ConnectionAuditKind.ReauthorizationRequired, rejected.Error, now), token);
            await notifier.ConnectionNeedsReauthorizationAsync(connection.ZeegUserId, reason, token);
            return true;
        }, ct);
        if (!stored) return false;

        // What waits for this connection is the meetings area's to settle (Meetings/HostConnectionLost).
        await publisher.Publish(new ConnectionReauthorizationRequired(connection.ZeegUserId, now), ct);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the Webex tokens of Zeeg user {ZeegUserId}; the access token now expires at {ExpiresAt}")]
    private partial void LogRefreshed(string zeegUserId, DateTimeOffset? expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex rejected the refresh token of Zeeg user {ZeegUserId}: {Error} (trackingId {TrackingId}); reauthorization required")]
    private partial void LogRejected(string zeegUserId, string error, string? trackingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection of Zeeg user {ZeegUserId} changed during a refresh; the new grant was not stored")]
    private partial void LogRefreshLostRace(string zeegUserId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another caller refreshed the Webex tokens of Zeeg user {ZeegUserId} meanwhile; using those")]
    private partial void LogUsedFreshTokens(string zeegUserId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing did not extend the Webex refresh token of Zeeg user {ZeegUserId}; it ends at {RefreshTokenExpiresAt}, the user has to reconnect soon")]
    private partial void LogReconnectSoon(string zeegUserId, DateTimeOffset? refreshTokenExpiresAt);
}
