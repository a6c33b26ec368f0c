using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.RefreshConnection;

/// <summary>The one place that spends a refresh token. Refreshes are single-flight per connection: callers for the
/// same connection queue on one lock, and whoever comes second re-reads the row and finds it already fresh, so the
/// recurring sweep and an on-demand refresh never both spend the same refresh token.</summary>
public sealed partial class ConnectionRefresher(
    IConnectionRepository connections,
    IConnectionAuditLog audit,
    IMeetingRepository meetings,
    ITokenProtector protector,
    IWebexOAuth oauth,
    IMeetingOutcomeNotifier notifier,
    TimeProvider time,
    ILogger<ConnectionRefresher> logger)
{
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Locks = new();
    private static readonly TimeSpan RefreshTokenRetryInterval = TimeSpan.FromHours(24);

    /// <summary>Refreshes when the access token expires within <paramref name="window"/> (or always, with
    /// <paramref name="force"/>) and answers a usable access token.</summary>
    /// <exception cref="ConnectionUnavailableException">The connection is gone or needs the user to consent again.</exception>
    public async Task<string> GetAccessTokenAsync(Guid connectionId, TimeSpan window, bool force, CancellationToken ct)
    {
        using var _ = await EnterAsync(connectionId, ct);
        var connection = await connections.FindAsync(connectionId, ct)
            ?? throw new ConnectionUnavailableException("The Webex connection no longer exists.");
        if (connection.Status != ConnectionStatus.Active)
            throw new ConnectionUnavailableException(connection.StatusReason ?? "The Webex connection is not active; the user has to reconnect Webex.");

        var now = time.GetUtcNow();
        if (!force && !connection.AccessTokenExpiresWithin(window, now))
            return protector.Unprotect(connection.AccessToken!);

        var (result, accessToken) = await RefreshAsync(connection, now, ct);
        return result switch
        {
            RefreshResult.Refreshed => accessToken!,
            RefreshResult.ReauthorizationRequired => throw new ConnectionUnavailableException(
                "Webex no longer accepts this connection's refresh token; the user has to reconnect Webex."),
            _ => throw new ConnectionUnavailableException("The Webex connection changed while it was being refreshed; try again."),
        };
    }

    /// <summary>Refreshes if still due by the sweep's rules; answers what happened.</summary>
    /// <exception cref="WebexException">Webex failed for another reason than rejecting the grant (429, 5xx, timeout).</exception>
    public async Task<RefreshResult> RefreshIfDueAsync(Guid connectionId, TimeSpan accessWindow, TimeSpan refreshWindow, CancellationToken ct)
    {
        using var _ = await EnterAsync(connectionId, ct);
        var connection = await connections.FindAsync(connectionId, ct);
        if (connection is null || connection.Status != ConnectionStatus.Active) return RefreshResult.NotDue;
        var now = time.GetUtcNow();
        // Webex usually answers a refresh with the same refresh token and its remaining lifetime, so refreshing for
        // a refresh token near its end may not extend it: try that at most once a day rather than on every sweep.
        var due = connection.AccessTokenExpiresWithin(accessWindow, now)
                  || (connection.RefreshTokenExpiresAt is { } r && r - now <= refreshWindow && now - connection.UpdatedAt >= RefreshTokenRetryInterval);
        if (!due) return RefreshResult.NotDue;
        return (await RefreshAsync(connection, now, ct)).Result;
    }

    /// <summary>Holds the per-connection gate: every in-process writer of a connection's tokens (refresh, re-seal under
    /// a new key) takes it, so they queue instead of one losing its compare-and-swap and dropping a fresh grant.
    /// Across processes the version check still keeps the row consistent.</summary>
    internal static async Task<IDisposable> EnterAsync(Guid connectionId, CancellationToken ct)
    {
        var gate = Locks.GetOrAdd(connectionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Held(gate);
    }

    private async Task<(RefreshResult Result, string? AccessToken)> RefreshAsync(WebexConnection connection, DateTimeOffset now, CancellationToken ct)
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
        connection.Refresh(new TokenGrant(
            protector.Protect(tokens.AccessToken), now + tokens.AccessTokenLifetime,
            protector.Protect(tokens.RefreshToken), now + tokens.RefreshTokenLifetime), now);
        if (!await connections.UpdateAsync(connection, expected, ct))
        {
            // Changed underneath (a reconnect or disconnect won): the row is the truth, the grant we got is dropped.
            LogRefreshLostRace(connection.ZeegUserId);
            return (RefreshResult.Superseded, null);
        }

        LogRefreshed(connection.ZeegUserId, connection.AccessTokenExpiresAt);
        return (RefreshResult.Refreshed, tokens.AccessToken);
    }

    /// <returns>false when the row changed first (a reconnect or disconnect won) and nothing was written.</returns>
    private async Task<bool> RequireReauthorizationAsync(WebexConnection connection, WebexGrantRejectedException rejected, DateTimeOffset now, CancellationToken ct)
    {
        LogRejected(connection.ZeegUserId, rejected.Error, rejected.TrackingId);
        const string reason = "Webex rejected the stored refresh token (expired or revoked). The user has to reconnect Webex.";
        var expected = connection.Version;
        connection.RequireReauthorization(reason, now);
        if (!await connections.UpdateAsync(connection, expected, ct)) return false;
        await audit.RecordAsync(new ConnectionAuditEntry(connection.ZeegUserId, ConnectionAuditKind.ReauthorizationRequired, rejected.Error, now), ct);
        await notifier.ConnectionNeedsReauthorizationAsync(connection.ZeegUserId, reason, ct);

        // Meetings waiting for this connection cannot be made now: fail them with a reason the user can act on.
        foreach (var meetingId in await meetings.FindOutstandingForUserAsync(connection.ZeegUserId, ct))
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var meeting = await meetings.FindAsync(meetingId, ct);
                if (meeting is null || !meeting.SyncPending) break;
                var version = meeting.Version;
                meeting.Fail("The host's Webex connection has expired; they need to reconnect Webex in Zeeg.", now);
                if (await meetings.UpdateAsync(meeting, version, ct))
                {
                    await notifier.MeetingChangedAsync(meeting, ct);
                    break;
                }
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the Webex tokens of Zeeg user {ZeegUserId}; the access token now expires at {ExpiresAt}")]
    private partial void LogRefreshed(string zeegUserId, DateTimeOffset? expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webex rejected the refresh token of Zeeg user {ZeegUserId}: {Error} (trackingId {TrackingId}); reauthorization required")]
    private partial void LogRejected(string zeegUserId, string error, string? trackingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection of Zeeg user {ZeegUserId} changed during a refresh; the new grant was not stored")]
    private partial void LogRefreshLostRace(string zeegUserId);

    private sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}

public enum RefreshResult
{
    NotDue,
    Refreshed,
    ReauthorizationRequired,

    /// <summary>The row changed while Webex was asked (a reconnect or disconnect won); nothing was written.</summary>
    Superseded,
}

/// <summary>The host's Webex connection cannot be used (missing, disconnected, or needs a new consent).</summary>
public sealed class ConnectionUnavailableException(string message) : Exception(message);
