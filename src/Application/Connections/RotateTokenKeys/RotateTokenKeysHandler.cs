using Mediator;
using Microsoft.Extensions.Logging;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Connections.RotateTokenKeys;

public sealed partial class RotateTokenKeysHandler(
    IConnectionRepository connections,
    IMeetingRepository meetings,
    IMeetingJoinSecrets joinSecrets,
    ITokenProtector protector,
    RefreshLeases leases,
    TimeProvider time,
    ILogger<RotateTokenKeysHandler> logger)
    : ICommandHandler<RotateTokenKeysCommand, RotateTokenKeysResult>
{
    private const int MaxAttempts = 5;

    public async ValueTask<RotateTokenKeysResult> Handle(RotateTokenKeysCommand command, CancellationToken cancellationToken)
    {
        var current = protector.CurrentKeyId;
        int reencrypted = 0, failed = 0;
        // A row that stays in the result (unreadable, or changing under us on every attempt) would be handed back
        // first forever: remember it, ask for that many more, and stop when only such rows are left.
        var leftBehind = new HashSet<Guid>();

        while (true)
        {
            var ids = await connections.FindSealedWithOtherKeyAsync(current, command.BatchSize + leftBehind.Count, cancellationToken);
            var batch = ids.Where(id => !leftBehind.Contains(id)).ToList();
            if (batch.Count == 0) break;

            foreach (var id in batch)
            {
                var outcome = await ReencryptAsync(id, current, cancellationToken);
                if (outcome == Outcome.Reencrypted) reencrypted++;
                else leftBehind.Add(id);
                if (outcome == Outcome.Failed) failed++;
            }
        }

        var (resealed, meetingsFailed) = await ResealMeetingsAsync(current, command.BatchSize, cancellationToken);
        LogDone(reencrypted, current, failed);
        LogMeetingsDone(resealed, current, meetingsFailed);
        return new RotateTokenKeysResult(reencrypted, failed, resealed, meetingsFailed);
    }

    private async Task<(int Resealed, int Failed)> ResealMeetingsAsync(string current, int batchSize, CancellationToken ct)
    {
        int resealed = 0, failed = 0;
        var leftBehind = new HashSet<Guid>();
        while (true)
        {
            var ids = await joinSecrets.FindSealedWithOtherKeyAsync(current, batchSize + leftBehind.Count, ct);
            var batch = ids.Where(id => !leftBehind.Contains(id)).ToList();
            if (batch.Count == 0) break;

            foreach (var id in batch)
            {
                var outcome = await ResealMeetingAsync(id, ct);
                if (outcome == Outcome.Reencrypted) resealed++;
                else leftBehind.Add(id);
                if (outcome == Outcome.Failed) failed++;
            }
        }
        return (resealed, failed);
    }

    private async Task<Outcome> ResealMeetingAsync(Guid id, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            WebexMeeting? meeting;
            try
            {
                // Reading opens the secrets with whichever key sealed them (or takes the plaintext from before sealing).
                meeting = await meetings.FindAsync(id, ct);
            }
            catch (TokenDecryptionException failure)
            {
                LogMeetingUnreadable(failure, id);
                return Outcome.Failed;
            }
            // Erased meanwhile.
            if (meeting is null) return Outcome.Skipped;
            // The compare-and-swap on the version: a meeting written meanwhile was sealed under the current key by that
            // write; read it again to see.
            if (await joinSecrets.ResealAsync(meeting, ct)) return Outcome.Reencrypted;
        }

        LogMeetingGaveUp(id, MaxAttempts);
        return Outcome.Failed;
    }

    private enum Outcome
    {
        Reencrypted,

        /// <summary>Nothing to do any more: no tokens, or a refresh sealed new ones under the current key meanwhile.</summary>
        Skipped,
        Failed,
    }

    private async Task<Outcome> ReencryptAsync(Guid id, string current, CancellationToken ct)
    {
        // The refresher's lease: a refresh in flight (on any node) finishes, and seals its new grant under the current
        // key, before we read, instead of losing its compare-and-swap to us and dropping the grant.
        await using var lease = await leases.TakeAsync(id, ct);
        if (lease is null)
        {
            LogBusy(id);
            return Outcome.Skipped;
        }
        TokenDecryptionException? unreadable = null;
        string? unreadableKey = null;
        var resealed = await OptimisticUpdate.ApplyAsync(connections, token => connections.FindAsync(id, token), connection =>
        {
            // Disconnected or needing reauthorization since the query: it holds no tokens any more.
            if (connection is not { Status: ConnectionStatus.Active, AccessToken: { } access, RefreshToken: { } refresh }) return false;
            if (access.KeyId == current && refresh.KeyId == current) return false;

            EncryptedToken resealedAccess, resealedRefresh;
            try
            {
                resealedAccess = protector.SealUnderCurrentKey(access);
                resealedRefresh = protector.SealUnderCurrentKey(refresh);
            }
            catch (TokenDecryptionException failure)
            {
                (unreadable, unreadableKey) = (failure, access.KeyId);
                return false;
            }

            connection.ReplaceSealedTokens(resealedAccess, resealedRefresh, time.GetUtcNow());
            return true;
        }, ct, attempts: MaxAttempts);
        // Lost to another writer on every attempt (a reconnect, a disconnect, another node's refresh) falls through.
        switch (resealed.Status)
        {
            case OptimisticUpdateStatus.Written:
                return Outcome.Reencrypted;
            case OptimisticUpdateStatus.Unchanged when unreadable is not null:
                LogUnreadable(unreadable, id, unreadableKey!);
                return Outcome.Failed;
            case OptimisticUpdateStatus.NotFound or OptimisticUpdateStatus.Unchanged:
                return Outcome.Skipped;
        }

        LogGaveUp(id, MaxAttempts);
        return Outcome.Failed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-encrypted the tokens of {Count} connections under key {KeyId}; {Failed} left behind")]
    private partial void LogDone(int count, string keyId, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sealed the join secrets of {Count} meetings under key {KeyId}; {Failed} left behind")]
    private partial void LogMeetingsDone(int count, string keyId, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "The join secrets of meeting {MeetingId} cannot be opened with the configured keys; its password and host key can no longer be shown")]
    private partial void LogMeetingUnreadable(Exception exception, Guid meetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId} changed on each of {Attempts} attempts to re-seal its join secrets; the next run tries again")]
    private partial void LogMeetingGaveUp(Guid meetingId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "The tokens of connection {ConnectionId} sealed with key {KeyId} cannot be opened with the configured keys; the user will have to reconnect Webex")]
    private partial void LogUnreadable(Exception exception, Guid connectionId, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} stayed leased by a token refresh; the next run re-encrypts it")]
    private partial void LogBusy(Guid connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} changed on each of {Attempts} attempts to re-encrypt it; the next run tries again")]
    private partial void LogGaveUp(Guid connectionId, int attempts);
}
