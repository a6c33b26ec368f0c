using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Connections.Tokens;
using ZeegWebex.Domain.Connections;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings.SyncMeeting;

public sealed partial class SyncMeetingHandler(
    IMeetingRepository meetings,
    IConnectionRepository connections,
    ConnectionRefresher refresher,
    IWebexApi webex,
    IJobScheduler jobs,
    IZeegNotifier notifier,
    ZeegWebexMetrics metrics,
    IUnitOfWork unitOfWork,
    IOptions<MeetingsOptions> options,
    TimeProvider time,
    ILogger<SyncMeetingHandler> logger) : ICommandHandler<SyncMeetingCommand, SyncMeetingResult>
{
    private readonly MeetingsOptions _options = options.Value;

    public async ValueTask<SyncMeetingResult> Handle(SyncMeetingCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A row handed over by its writer saves reading it back only when it is to be claimed as it is (a new event,
        // the common case); anything else is decided on the row as stored now.
        var meeting = command.AsStored is { } handedOver && handedOver.Id == command.MeetingId && IsClaimable(handedOver, now)
            ? handedOver
            : await meetings.FindAsync(command.MeetingId, cancellationToken);
        if (meeting is null || !meeting.SyncPending) return SyncMeetingResult.NothingToDo;
        if (meeting.NextAttemptAt is { } dueAt && dueAt > now)
        {
            // Too early: a retry time (job clocks may fire a little early) or another attempt's lease. Come back
            // then rather than rely on the minutely sweeper; if that attempt finished by then, this is a no-op.
            jobs.ScheduleMeetingSync(meeting.Id, dueAt);
            return SyncMeetingResult.NothingToDo;
        }

        // Webex refuses a start in the past; a retry that comes after the start (a long outage, a backlog) cannot
        // succeed, so it ends here with the reason instead of being retried until the attempts run out.
        if (!meeting.IsCancelled && meeting.Schedule.Start <= now)
        {
            return await FailAsync(meeting.Id, "start_passed",
                $"The event's start ({EventTimes.InZone(meeting.Schedule.Start, meeting.Schedule.TimeZone):yyyy-MM-dd'T'HH:mm:sszzz}) has passed before " +
                "the meeting reached Webex, and Webex does not schedule meetings in the past.", cancellationToken);
        }

        // Claim the row before Webex is called (see WebexMeeting.BeginAttempt); a concurrent run loses here.
        var claimedVersion = meeting.Version;
        var leaseUntil = now + _options.AttemptLease;
        meeting.BeginAttempt(leaseUntil, now);
        if (!await meetings.TryClaimAsync(meeting, claimedVersion, cancellationToken))
        {
            // Another run claimed it first; or the row handed over changed since it was stored (a reschedule, a
            // cancellation): then what is stored now decides.
            return ReferenceEquals(meeting, command.AsStored)
                ? await Handle(new SyncMeetingCommand(command.MeetingId), cancellationToken)
                : SyncMeetingResult.NothingToDo;
        }

        var sent = meeting.Schedule;

        // Every Webex call of this attempt ends before its lease does, or is not made (see WebexCallDeadline).
        using var deadline = WebexCallDeadline.Until(leaseUntil);
        try
        {
            var connection = await connections.FindByZeegUserAsync(meeting.ZeegUserId, cancellationToken)
                ?? throw new ConnectionUnavailableException("The host has no Webex connection.");
            var location = await WithAccessTokenAsync(connection, token => PushAsync(meeting, connection.Account.Email, token, cancellationToken), cancellationToken);
            return await SettleAsync(meeting, sent, location, cancellationToken);
        }
        catch (ConnectionUnavailableException unavailable)
        {
            return await NotDeliveredAsync(meeting.Id, $"The host's Webex connection cannot be used: {unavailable.Message}", cancellationToken);
        }
        catch (WebexException failure) when (failure.IsTransient)
        {
            return await RetryOrFailAsync(meeting.Id, failure, cancellationToken);
        }
        catch (WebexException failure)
        {
            return await FailAsync(meeting.Id, ZeegWebexMetrics.ReasonOf(failure), Describe(failure), cancellationToken);
        }
    }

    private static bool IsClaimable(WebexMeeting meeting, DateTimeOffset now) =>
        meeting.SyncPending && (meeting.NextAttemptAt is not { } dueAt || dueAt <= now) && (meeting.IsCancelled || meeting.Schedule.Start > now);

    /// <summary>Calls Webex with a valid access token; a 401 (token expired early or revoked) refreshes once and retries.</summary>
    private async Task<T> WithAccessTokenAsync<T>(WebexConnection connection, Func<string, Task<T>> call, CancellationToken ct)
    {
        var token = await refresher.GetAccessTokenAsync(connection, _options.AccessTokenRefreshWindow, force: false, ct);
        try
        {
            return await call(token);
        }
        catch (WebexException e) when (e.IsUnauthorized)
        {
            token = await refresher.GetAccessTokenAsync(connection.Id, _options.AccessTokenRefreshWindow, force: true, ct);
            return await call(token);
        }
    }

    private async Task<MeetingLocation?> PushAsync(WebexMeeting meeting, string hostEmail, string token, CancellationToken ct)
    {
        var schedule = meeting.Schedule;
        var request = new WebexMeetingRequest(
            schedule.Title, schedule.Start, schedule.End, schedule.TimeZone, schedule.Agenda, schedule.Invitees, meeting.IntegrationTag);

        switch (meeting.Status)
        {
            case MeetingStatus.Cancelled:
                var webexId = meeting.Location?.WebexMeetingId ?? (await FindByTagAsync(meeting, token, ct))?.Id;
                if (webexId is not null) await webex.DeleteMeetingAsync(token, webexId, ct);
                return null;

            case MeetingStatus.Created when meeting.Location is not null:
                var updated = await webex.UpdateMeetingAsync(token, meeting.Location.WebexMeetingId, request, ct);
                await SyncInviteesAsync(meeting.Location.WebexMeetingId, schedule.Invitees, hostEmail, token, ct);
                return updated.Location;

            default:
                // The first attempt creates directly (one round trip). A later attempt may follow one whose outcome
                // we never learned (timeout, crash, 5xx after Webex acted), so it adopts a meeting carrying our tag.
                if (meeting.EarlierAttemptMayHaveReachedWebex && await FindByTagAsync(meeting, token, ct) is { } adopted)
                {
                    LogAdopted(meeting.ZeegEventId, adopted.Id);
                    // The adopted meeting was made from the schedule of that earlier attempt. When the event moved
                    // since (other title or times), bring it up to date, invitees included; otherwise it was made
                    // from this very schedule and one more round trip would change nothing.
                    if (!SameTimes(adopted, schedule) || adopted.Title != schedule.Title)
                    {
                        adopted = await webex.UpdateMeetingAsync(token, adopted.Id, request, ct);
                        await SyncInviteesAsync(adopted.Id, schedule.Invitees, hostEmail, token, ct);
                    }

                    return adopted.Location;
                }

                return (await webex.CreateMeetingAsync(token, request, ct)).Location;
        }
    }

    // Webex keeps times to the minute, so seconds we were sent do not make a difference.
    private static bool SameTimes(WebexMeetingDetails details, MeetingSchedule schedule) =>
        ToMinute(details.Start) == ToMinute(schedule.Start) && ToMinute(details.End) == ToMinute(schedule.End);

    private static DateTimeOffset ToMinute(DateTimeOffset instant) =>
        instant.AddTicks(-(instant.UtcTicks % TimeSpan.TicksPerMinute));

    /// <summary>Invitees are not part of a meeting update: they are their own resource (meetingInvitees, within the
    /// meeting:schedules_* scopes). Invite who is missing, withdraw who is no longer on the event.</summary>
    private async Task SyncInviteesAsync(string webexMeetingId, IReadOnlyList<string> wanted, string hostEmail, string token, CancellationToken ct)
    {
        var current = await webex.ListInviteesAsync(token, webexMeetingId, ct);
        foreach (var email in wanted.Where(w => !current.Any(c => string.Equals(c.Email, w, StringComparison.OrdinalIgnoreCase))))
            await webex.AddInviteeAsync(token, webexMeetingId, email, ct);
        // The host is never withdrawn from their own meeting, whether or not Webex lists them.
        var gone = current.Where(c => !wanted.Contains(c.Email, StringComparer.OrdinalIgnoreCase)
                                      && !string.Equals(c.Email, hostEmail, StringComparison.OrdinalIgnoreCase));
        foreach (var invitee in gone)
            await webex.RemoveInviteeAsync(token, invitee.Id, ct);
    }

    /// <summary>Webex only finds a tagged meeting inside the date window it is asked about (now .. now + 7 days when
    /// none is given), so the lookup always names one around the event.</summary>
    private async Task<WebexMeetingDetails?> FindByTagAsync(WebexMeeting meeting, string token, CancellationToken ct) =>
        (await webex.FindMeetingsByIntegrationTagAsync(
            token, meeting.IntegrationTag, meeting.Schedule.Start - TagLookupMargin, meeting.Schedule.End + TagLookupMargin, ct))
        .FirstOrDefault(m => m.IntegrationTags.Count == 0 || m.IntegrationTags.Contains(meeting.IntegrationTag, StringComparer.Ordinal));

    private static readonly TimeSpan TagLookupMargin = TimeSpan.FromDays(1);

    /// <param name="claimed">The row as this attempt's claim stored it: unless something changed it since, the result is
    /// written over it without reading it again.</param>
    private async Task<SyncMeetingResult> SettleAsync(WebexMeeting claimed, MeetingSchedule sent, MeetingLocation? location, CancellationToken ct)
    {
        var id = claimed.Id;
        var newAtWebex = false;
        // The result and the outcome notice it causes commit together: Zeeg hears of exactly what was stored.
        var settled = await OptimisticUpdate.ApplyAsync(meetings, async token =>
            await meetings.FindAsync(id, token) ?? throw new InvalidOperationException("The meeting row vanished."), meeting =>
        {
            var now = time.GetUtcNow();
            var rescheduledMeanwhile = meeting.Schedule != sent;
            var wasAtWebex = meeting.Location is not null;
            if (location is not null && !meeting.IsCancelled)
            {
                meeting.MarkCreated(location, now);
                // The event moved while we were talking to Webex: keep the row outstanding so the new times follow.
                if (rescheduledMeanwhile) meeting.Reschedule(meeting.Schedule, now);
            }
            else if (meeting.IsCancelled && location is not null)
            {
                // Cancelled while the meeting was being made: remember it so the next run deletes it.
                meeting.RecordLateWebexMeeting(location, now);
            }
            else
            {
                meeting.MarkSynced(now);
            }

            newAtWebex = !wasAtWebex && meeting.Status == MeetingStatus.Created;
            return true;
        }, ct, unitOfWork, async (meeting, token) =>
        {
            if (!meeting.SyncPending) await notifier.MeetingChangedAsync(meeting, token);
        }, known: claimed);
        if (!settled.Written)
            throw new InvalidOperationException($"Could not store the Webex result for meeting {id}: the row kept changing.");

        var stored = settled.Row!;
        if (newAtWebex) metrics.MeetingCreated();
        if (stored.SyncPending) jobs.EnqueueMeetingSync(stored.Id);
        LogSynced(stored.ZeegEventId, stored.Status);
        return new SyncMeetingResult(SyncMeetingResult.Kind.Synced, stored.SyncPending ? $"{stored.Status}, changed meanwhile: another run follows" : stored.Status.ToString());
    }

    private async Task<SyncMeetingResult> RetryOrFailAsync(Guid id, WebexException failure, CancellationToken ct)
    {
        var meeting = await meetings.FindAsync(id, ct);
        if (meeting is null) return SyncMeetingResult.NothingToDo;
        if (_options.MaxAttempts > 0 && meeting.Attempts >= _options.MaxAttempts)
            return await FailAsync(id, "attempts_exhausted", $"Gave up after {meeting.Attempts} attempts. Last error: {Describe(failure)}", ct);

        // A transient failure (an outage, a rate limit) is worth retrying for as long as the meeting can still be of
        // use: until shortly before the event starts (a cancellation: until it ends). The last retry lands on that
        // moment; a Retry-After that reaches past it, or a failure at it, ends the meeting Failed with the reason.
        var now = time.GetUtcNow();
        var (what, moment, deadline) = meeting.IsCancelled
            ? ("end", meeting.Schedule.End, meeting.Schedule.End)
            : ("start", meeting.Schedule.Start, meeting.Schedule.Start - _options.StopRetryingBeforeStart);
        if (now >= deadline || (failure.RetryAfter is { } floor && now + floor > deadline))
        {
            return await FailAsync(id, "deadline_reached",
                $"Webex could not be reached in time before the event's {what} ({EventTimes.InZone(moment, meeting.Schedule.TimeZone):yyyy-MM-dd'T'HH:mm:sszzz}); " +
                $"gave up after {meeting.Attempts} attempts. Last error: {Describe(failure)}", ct);
        }

        var retryAt = now + RetryDelay(meeting.Attempts, failure.RetryAfter);
        if (retryAt > deadline) retryAt = deadline;
        var expected = meeting.Version;
        meeting.RetryLater(Describe(failure), retryAt, now);
        if (!await meetings.UpdateAsync(meeting, expected, ct)) return SyncMeetingResult.NothingToDo;
        jobs.ScheduleMeetingSync(meeting.Id, retryAt);
        metrics.MeetingRetried(ZeegWebexMetrics.ReasonOf(failure));
        LogRetry(meeting.ZeegEventId, meeting.Attempts, retryAt, failure.StatusCode, failure.TrackingId);
        return new SyncMeetingResult(SyncMeetingResult.Kind.RetryScheduled, $"attempt {meeting.Attempts} failed ({Describe(failure)}); next at {retryAt:O}");
    }

    /// <summary>Exponential backoff with jitter; a Retry-After from Webex is a floor, never shortened.</summary>
    internal TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter)
    {
        var exponential = _options.RetryBaseDelay * Math.Pow(2, Math.Max(0, attempts - 1));
        var capped = exponential > _options.RetryMaxDelay ? _options.RetryMaxDelay : exponential;
        var jittered = capped * (0.8 + Random.Shared.NextDouble() * 0.4);
        return retryAfter is { } floor && floor > jittered ? floor : jittered;
    }

    /// <param name="kind">The reason as a metric tag (a small fixed set); <paramref name="reason"/> is the text.</param>
    private async Task<SyncMeetingResult> FailAsync(Guid id, string kind, string reason, CancellationToken ct)
    {
        if (await ChangeAndAnnounceAsync(id, meeting => meeting.Fail(reason, time.GetUtcNow()), ct) is not { } failed)
            return SyncMeetingResult.NothingToDo;
        LogFailed(failed.ZeegEventId, reason);
        metrics.MeetingFailed(kind);
        return new SyncMeetingResult(SyncMeetingResult.Kind.Failed, reason);
    }

    /// <summary>The host's connection cannot be used: what waits is kept for the reconnect (a cancellation or change)
    /// or fails (a meeting not yet made), see <see cref="WebexMeeting.MarkNotDelivered"/>; Zeeg hears either way.</summary>
    private async Task<SyncMeetingResult> NotDeliveredAsync(Guid id, string reason, CancellationToken ct)
    {
        if (await ChangeAndAnnounceAsync(id, meeting => meeting.MarkNotDelivered(reason, time.GetUtcNow()), ct) is not { } stored)
            return SyncMeetingResult.NothingToDo;
        LogNotDelivered(stored.ZeegEventId, stored.Status, reason);
        return new SyncMeetingResult(stored.Status == MeetingStatus.Failed ? SyncMeetingResult.Kind.Failed : SyncMeetingResult.Kind.NotDelivered, $"{stored.Status}: {reason}");
    }

    /// <summary>The change and Zeeg's notice of it, in one transaction.</summary>
    /// <returns>The meeting as stored; null when it is gone or kept changing (another run decides).</returns>
    private async Task<WebexMeeting?> ChangeAndAnnounceAsync(Guid id, Action<WebexMeeting> change, CancellationToken ct) =>
        (await OptimisticUpdate.ApplyAsync(meetings, token => meetings.FindAsync(id, token), meeting =>
        {
            change(meeting);
            return true;
        }, ct, unitOfWork, notifier.MeetingChangedAsync)).Row;

    private static string Describe(WebexException failure) =>
        failure.TrackingId is null ? failure.Message : $"{failure.Message} (Webex trackingId {failure.TrackingId})";

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting for Zeeg event {ZeegEventId} is in step with Webex ({Status})")]
    private partial void LogSynced(string zeegEventId, MeetingStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adopted Webex meeting {WebexMeetingId} for Zeeg event {ZeegEventId}: an earlier attempt had created it")]
    private partial void LogAdopted(string zeegEventId, string webexMeetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting for Zeeg event {ZeegEventId}: attempt {Attempt} failed transiently (status {StatusCode}, trackingId {TrackingId}); retrying at {RetryAt}")]
    private partial void LogRetry(string zeegEventId, int attempt, DateTimeOffset retryAt, int? statusCode, string? trackingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting for Zeeg event {ZeegEventId} could not reach Webex ({Status}): {Reason}")]
    private partial void LogNotDelivered(string zeegEventId, MeetingStatus status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting for Zeeg event {ZeegEventId} failed: {Reason}")]
    private partial void LogFailed(string zeegEventId, string reason);
}
