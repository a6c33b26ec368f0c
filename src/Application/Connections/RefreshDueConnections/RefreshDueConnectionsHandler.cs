using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.RefreshDueConnections;

public sealed partial class RefreshDueConnectionsHandler(
    IConnectionRepository connections,
    ConnectionRefresher refresher,
    ZeegWebexMetrics metrics,
    IOptions<TokenRefreshOptions> options,
    TimeProvider time,
    ILogger<RefreshDueConnectionsHandler> logger)
    : ICommandHandler<RefreshDueConnectionsCommand, RefreshDueConnectionsResult>
{
    public async ValueTask<RefreshDueConnectionsResult> Handle(RefreshDueConnectionsCommand command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // One set of cutoffs for the whole run: the keyset then walks a fixed set, and rows refreshed during the run
        // (now expiring in two weeks) fall out of it instead of being met again. The query only narrows what is read;
        // each connection is judged again on its loaded row, under its lease (ConnectionRefresher.RefreshIfDueAsync).
        var due = RefreshDueCutoffs.At(time.GetUtcNow(), settings.AccessTokenWindow, settings.RefreshTokenWindow);
        var tally = new Tally();

        // The workers pull ids one at a time and pages are read as they are needed, so a refresh starts whenever one
        // ends: no page waits for its slowest refresh before the next begins. ConnectionRefresher holds no state of its
        // own and takes each connection's lease in the database, so one instance serves every worker.
        await Parallel.ForEachAsync(
            DueIdsAsync(due, settings.BatchSize, tally, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelism, CancellationToken = cancellationToken },
            async (connectionId, ct) =>
            {
                if (tally.SlowedDown)
                {
                    Interlocked.Increment(ref tally.Deferred);
                    return;
                }

                switch (await RefreshOneAsync(connectionId, settings, tally, ct))
                {
                    case RefreshResult.Refreshed: Interlocked.Increment(ref tally.Refreshed); break;
                    case RefreshResult.ReauthorizationRequired: Interlocked.Increment(ref tally.Reauthorization); break;
                    case null: Interlocked.Increment(ref tally.Failed); break;
                }
            });

        var result = new RefreshDueConnectionsResult(tally.Found, tally.Refreshed, tally.Reauthorization, tally.Failed, tally.Deferred);
        if (tally.SlowedDown)
        {
            LogSlowedDown(result.Deferred, tally.RetryAfter?.TotalSeconds);
            metrics.TokenRefreshesDeferred(result.Deferred);
        }

        LogSwept(result.Due, result.Refreshed, result.ReauthorizationRequired, result.Failed, result.Deferred);
        return result;
    }

    /// <summary>The due ids in keyset order, a page at a time; stops once Webex asked us to slow down.</summary>
    private async IAsyncEnumerable<Guid> DueIdsAsync(
        RefreshDueCutoffs due, int batchSize, Tally tally, [EnumeratorCancellation] CancellationToken ct)
    {
        Guid? after = null;
        while (!tally.SlowedDown)
        {
            var page = await connections.FindDueForRefreshAsync(due, after, batchSize, ct);
            for (var i = 0; i < page.Count; i++)
            {
                if (tally.SlowedDown)
                {
                    // Read and due, but not to be tried in this run.
                    Interlocked.Add(ref tally.Found, page.Count - i);
                    Interlocked.Add(ref tally.Deferred, page.Count - i);
                    yield break;
                }

                Interlocked.Increment(ref tally.Found);
                yield return page[i];
            }

            if (page.Count < batchSize) yield break;
            after = page[^1];
        }
    }

    /// <summary>The run's counts, shared by the workers.</summary>
    private sealed class Tally
    {
        public int Found;
        public int Refreshed;
        public int Reauthorization;
        public int Failed;
        public int Deferred;
        private int _slowedDown;

        /// <summary>Webex answered a refresh with 429: no further refresh starts in this run.</summary>
        public bool SlowedDown => Volatile.Read(ref _slowedDown) == 1;

        public TimeSpan? RetryAfter { get; private set; }

        public void SlowDown(TimeSpan? retryAfter)
        {
            if (Interlocked.Exchange(ref _slowedDown, 1) == 0) RetryAfter = retryAfter;
        }
    }

    /// <returns>null when this connection failed; one failure must not stop the sweep for everyone else.</returns>
    private async Task<RefreshResult?> RefreshOneAsync(Guid connectionId, TokenRefreshOptions settings, Tally tally, CancellationToken ct)
    {
        try
        {
            return await refresher.RefreshIfDueAsync(connectionId, settings.AccessTokenWindow, settings.RefreshTokenWindow, ct);
        }
        catch (WebexException failure)
        {
            LogWebexFailed(failure, connectionId, failure.StatusCode, failure.TrackingId, failure.IsTransient);
            // Rate limited: the refreshes under way finish, no new one starts. The connections left are due for days
            // yet (TokenRefresh:AccessTokenWindow) and the next run, well after any Retry-After, takes them.
            if (failure.StatusCode == 429) tally.SlowDown(failure.RetryAfter);
            return null;
        }
        catch (TokenDecryptionException failure)
        {
            // Its key was removed from TokenEncryption:Keys before the re-encryption job moved it over.
            LogUnreadable(failure, connectionId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token refresh sweep: {Due} due, {Refreshed} refreshed, {ReauthorizationRequired} need reauthorization, {Failed} failed, {Deferred} left for the next run")]
    private partial void LogSwept(int due, int refreshed, int reauthorizationRequired, int failed, int deferred);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token refresh sweep slowed down: Webex answered 429 (Retry-After {RetryAfterSeconds} s), so no further refresh started in this run; {Deferred} connections read as due were left, with any not yet read, for the next run")]
    private partial void LogSlowedDown(int deferred, double? retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing connection {ConnectionId} failed at Webex (status {StatusCode}, trackingId {TrackingId}, transient {Transient}); the next run tries again")]
    private partial void LogWebexFailed(Exception exception, Guid connectionId, int? statusCode, string? trackingId, bool transient);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored refresh token of connection {ConnectionId} cannot be opened with the configured keys")]
    private partial void LogUnreadable(Exception exception, Guid connectionId);
}
