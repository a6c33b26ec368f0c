using ZeegWebex.Domain.Common;

namespace ZeegWebex.Domain.Meetings;

/// <summary>
/// The Webex meeting behind one Zeeg event. The row is also the outbox entry: while it is Pending (or a
/// change to it is not yet pushed to Webex) there is work to do, and <see cref="NextAttemptAt"/> says when.
/// </summary>
public sealed class WebexMeeting : IVersioned
{
    private WebexMeeting(Guid id, string zeegEventId, string zeegUserId, MeetingSchedule schedule, DateTimeOffset now)
    {
        Id = id;
        ZeegEventId = zeegEventId;
        ZeegUserId = zeegUserId;
        Schedule = schedule;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; }
    public string ZeegEventId { get; }
    public string ZeegUserId { get; }
    public MeetingSchedule Schedule { get; private set; }
    public MeetingStatus Status { get; private set; }
    public MeetingLocation? Location { get; private set; }

    /// <summary>The schedule changed (or the event was cancelled) and Webex does not know yet.</summary>
    public bool SyncPending { get; private set; }

    public int Attempts { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }
    public int Version { get; private set; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The tag Webex stores on the meeting; looking it up makes creation exactly-once.</summary>
    public string IntegrationTag => IntegrationTagFor(ZeegEventId);

    public static string IntegrationTagFor(string zeegEventId) => $"zeeg:{zeegEventId}";

    public static WebexMeeting Request(string zeegEventId, string zeegUserId, MeetingSchedule schedule, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(zeegEventId)) throw new DomainException("A meeting belongs to a Zeeg event.");
        if (string.IsNullOrWhiteSpace(zeegUserId)) throw new DomainException("A meeting has a Zeeg host.");
        return new WebexMeeting(Guid.NewGuid(), zeegEventId, zeegUserId, schedule, now)
        {
            Status = MeetingStatus.Pending,
            NextAttemptAt = now,
            SyncPending = true,
            Version = 1,
        };
    }

    public bool IsOutstanding => SyncPending && Status is MeetingStatus.Pending or MeetingStatus.Created or MeetingStatus.Cancelled;

    /// <summary>The Zeeg event was cancelled, whether or not Webex has been told yet.</summary>
    public bool IsCancelled => Status is MeetingStatus.Cancelled or MeetingStatus.CancelNotDelivered;

    /// <summary>A cancellation or change waits for the host to reconnect Webex.</summary>
    public bool IsWaitingForReconnect => Status is MeetingStatus.CancelNotDelivered or MeetingStatus.ChangeNotDelivered;

    public void MarkCreated(MeetingLocation location, DateTimeOffset now)
    {
        if (IsCancelled) throw new DomainException("A cancelled meeting cannot be created.");
        Location = location;
        Status = MeetingStatus.Created;
        Settled(now);
    }

    /// <summary>Webex made the meeting while the event was being cancelled: remember it, so the pending cancellation
    /// deletes it instead of leaving an orphan at Webex.</summary>
    public void RecordLateWebexMeeting(MeetingLocation location, DateTimeOffset now)
    {
        if (!IsCancelled) throw new DomainException("Only a cancelled meeting can learn of a late Webex meeting.");
        Location = location;
        if (Status == MeetingStatus.CancelNotDelivered)
        {
            // The connection cannot be used now: the deletion waits for the reconnect with the rest.
            Touch(now);
            return;
        }

        NeedsSync(now);
        NextAttemptAt = now;
    }

    /// <summary>Webex now matches the stored schedule (after an update) or the meeting is gone (after a cancel).</summary>
    public void MarkSynced(DateTimeOffset now) => Settled(now);

    public void Reschedule(MeetingSchedule schedule, DateTimeOffset now)
    {
        if (IsCancelled) throw new DomainException("A cancelled meeting cannot be rescheduled.");
        Schedule = schedule;
        if (Status == MeetingStatus.Failed) Status = MeetingStatus.Pending;
        // The Webex meeting exists and still has its earlier details: this change is pushed like any other.
        if (Status == MeetingStatus.ChangeNotDelivered) Status = MeetingStatus.Created;
        NeedsSync(now);
    }

    public void Cancel(DateTimeOffset now)
    {
        if (IsCancelled) return;
        var hadWebexMeeting = Location is not null || Status == MeetingStatus.Pending;
        Status = MeetingStatus.Cancelled;
        if (hadWebexMeeting) NeedsSync(now);
        else Settled(now);
    }

    /// <summary>
    /// Claims the work before Webex is called: the attempt is counted and stored first, so if we crash after Webex
    /// acted but before its answer was stored, the next attempt knows its predecessor's outcome is unknown and
    /// looks the meeting up by its integration tag instead of creating a second one. <paramref name="leaseUntil"/>
    /// keeps the sweeper from starting a parallel attempt meanwhile.
    /// </summary>
    /// <remarks>Changes the attempt count, <see cref="NextAttemptAt"/> and the version only: the claim is stored by a
    /// statement that writes just those.</remarks>
    public void BeginAttempt(DateTimeOffset leaseUntil, DateTimeOffset now)
    {
        if (!SyncPending) throw new DomainException("There is nothing to send to Webex for this meeting.");
        Attempts++;
        NextAttemptAt = leaseUntil;
        Touch(now);
    }

    /// <summary>Whether an earlier attempt may have reached Webex without us learning the outcome.</summary>
    public bool EarlierAttemptMayHaveReachedWebex => Attempts > 1;

    /// <summary>A transient failure: try again at <paramref name="retryAt"/>.</summary>
    public void RetryLater(string reason, DateTimeOffset retryAt, DateTimeOffset now)
    {
        LastError = reason;
        NextAttemptAt = retryAt;
        Touch(now);
    }

    /// <summary>
    /// The host's Webex connection cannot be used (disconnected, or Webex wants a new consent), so what is waiting
    /// cannot reach Webex. A cancellation becomes <see cref="MeetingStatus.CancelNotDelivered"/> and a change
    /// <see cref="MeetingStatus.ChangeNotDelivered"/>: the Webex meeting is still there as it was, and both are
    /// delivered once the host reconnects (<see cref="ResumeDelivery"/>). A meeting not yet made fails: there is
    /// nothing at Webex to keep in step, and it can be retried after the reconnect (<see cref="Retry"/>).
    /// </summary>
    public void MarkNotDelivered(string reason, DateTimeOffset now)
    {
        switch (Status)
        {
            // No attempt ever started (attempts are counted before Webex is called): nothing can exist at Webex.
            case MeetingStatus.Cancelled when Location is null && Attempts == 0:
                Settled(now);
                return;
            case MeetingStatus.Cancelled:
                Status = MeetingStatus.CancelNotDelivered;
                break;
            case MeetingStatus.Created:
                Status = MeetingStatus.ChangeNotDelivered;
                break;
            case MeetingStatus.CancelNotDelivered or MeetingStatus.ChangeNotDelivered:
                break;
            default:
                Fail(reason, now);
                return;
        }

        LastError = reason;
        SyncPending = false;
        NextAttemptAt = null;
        Touch(now);
    }

    /// <summary>The host's connection works again: the cancellation or change that could not be delivered is sent now.</summary>
    public void ResumeDelivery(DateTimeOffset now)
    {
        Status = Status switch
        {
            MeetingStatus.CancelNotDelivered => MeetingStatus.Cancelled,
            MeetingStatus.ChangeNotDelivered => MeetingStatus.Created,
            _ => throw new DomainException($"Only an undelivered cancellation or change can be resumed; this meeting is {Status}."),
        };
        NeedsSync(now);
    }

    /// <summary>
    /// The Zeeg user asks to try a Failed meeting again. One that Webex had made (a refused update) is brought in line
    /// with the stored schedule; one never made is made, and keeps its attempt count, so an attempt that may have
    /// reached Webex before is followed by a lookup by tag rather than a second meeting.
    /// </summary>
    public void Retry(DateTimeOffset now)
    {
        if (Status != MeetingStatus.Failed) throw new DomainException($"Only a failed meeting can be retried; this one is {Status}.");
        Status = Location is null ? MeetingStatus.Pending : MeetingStatus.Created;
        NeedsSync(now);
    }

    /// <summary>A permanent failure: no more attempts; the reason is what the Zeeg user will read.</summary>
    public void Fail(string reason, DateTimeOffset now)
    {
        LastError = reason;
        if (!IsCancelled) Status = MeetingStatus.Failed;
        SyncPending = false;
        NextAttemptAt = null;
        Touch(now);
    }

    public static WebexMeeting Rehydrate(
        Guid id, string zeegEventId, string zeegUserId, MeetingSchedule schedule, MeetingStatus status,
        MeetingLocation? location, bool syncPending, int attempts, DateTimeOffset? nextAttemptAt, string? lastError,
        int version, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        new(id, zeegEventId, zeegUserId, schedule, createdAt)
        {
            Status = status,
            Location = location,
            SyncPending = syncPending,
            Attempts = attempts,
            NextAttemptAt = nextAttemptAt,
            LastError = lastError,
            Version = version,
            UpdatedAt = updatedAt,
        };

    private void NeedsSync(DateTimeOffset now)
    {
        SyncPending = true;
        LastError = null;
        // A meeting not yet created keeps its attempt count, whatever it becomes (moved, cancelled, retried): it tells
        // the next attempt that an earlier one may have reached Webex, so that attempt looks for the meeting by its tag
        // (and a cancel cannot count as done while a meeting may exist at Webex). An attempt in flight keeps its lease;
        // the change is picked up when that attempt settles.
        if (Location is not null) Attempts = 0;
        if (NextAttemptAt is null || NextAttemptAt < now) NextAttemptAt = now;
        Touch(now);
    }

    private void Settled(DateTimeOffset now)
    {
        SyncPending = false;
        NextAttemptAt = null;
        LastError = null;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}
