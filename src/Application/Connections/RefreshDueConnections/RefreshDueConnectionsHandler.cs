using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.RefreshDueConnections;

public sealed partial class RefreshDueConnectionsHandler(
    IConnectionRepository connections,
    ConnectionRefresher refresher,
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
        int found = 0, refreshed = 0, reauthorization = 0, failed = 0;
        Guid? after = null;

        while (true)
        {
            var page = await connections.FindDueForRefreshAsync(due, after, settings.BatchSize, cancellationToken);
            if (page.Count == 0) break;
            found += page.Count;
            after = page[^1];

            // ConnectionRefresher holds no state of its own and takes each connection's lease in the database, so one
            // instance serves every worker; its dependencies are singletons.
            await Parallel.ForEachAsync(
                page,
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelism, CancellationToken = cancellationToken },
                async (connectionId, ct) =>
                {
                    switch (await RefreshOneAsync(connectionId, settings, ct))
                    {
                        case RefreshResult.Refreshed: Interlocked.Increment(ref refreshed); break;
                        case RefreshResult.ReauthorizationRequired: Interlocked.Increment(ref reauthorization); break;
                        case null: Interlocked.Increment(ref failed); break;
                    }
                });

            if (page.Count < settings.BatchSize) break;
        }

        var result = new RefreshDueConnectionsResult(found, refreshed, reauthorization, failed);
        LogSwept(result.Due, result.Refreshed, result.ReauthorizationRequired, result.Failed);
        return result;
    }

    /// <returns>null when this connection failed; one failure must not stop the sweep for everyone else.</returns>
    private async Task<RefreshResult?> RefreshOneAsync(Guid connectionId, TokenRefreshOptions settings, CancellationToken ct)
    {
        try
        {
            return await refresher.RefreshIfDueAsync(connectionId, settings.AccessTokenWindow, settings.RefreshTokenWindow, ct);
        }
        catch (WebexException failure)
        {
            LogWebexFailed(failure, connectionId, failure.StatusCode, failure.TrackingId, failure.IsTransient);
            return null;
        }
        catch (TokenDecryptionException failure)
        {
            // Its key was removed from TokenEncryption:Keys before the re-encryption job moved it over.
            LogUnreadable(failure, connectionId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Token refresh sweep: {Due} due, {Refreshed} refreshed, {ReauthorizationRequired} need reauthorization, {Failed} failed")]
    private partial void LogSwept(int due, int refreshed, int reauthorizationRequired, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing connection {ConnectionId} failed at Webex (status {StatusCode}, trackingId {TrackingId}, transient {Transient}); the next run tries again")]
    private partial void LogWebexFailed(Exception exception, Guid connectionId, int? statusCode, string? trackingId, bool transient);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored refresh token of connection {ConnectionId} cannot be opened with the configured keys")]
    private partial void LogUnreadable(Exception exception, Guid connectionId);
}
