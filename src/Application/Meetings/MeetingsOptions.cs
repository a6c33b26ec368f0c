using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Application.Meetings;

/// <summary>The <c>Meetings</c> section: how meetings are made at Webex (retries, leases) and how much may wait to be
/// made (back-pressure). Read by scheduling, syncing, sweeping and the dashboard, so it is named after its section, not
/// one of them. Checked by <see cref="MeetingsOptionsValidator"/>.</summary>
public sealed class MeetingsOptions : IValidatableObject
{
    public const string Section = "Meetings";

    /// <summary>Optional cap: after this many attempts a meeting is Failed instead of retried. 0 (the default) means no
    /// cap: transient failures are retried (at most <see cref="RetryMaxDelay"/> apart) until
    /// <see cref="StopRetryingBeforeStart"/> before the event's start, so a long Webex outage is not final while the
    /// event is still ahead.</summary>
    public int MaxAttempts { get; set; }

    /// <summary>Transient failures are retried until this long before the event's start (a cancellation: until its
    /// end); then the meeting is Failed with the last error. Permanent failures (4xx) fail at once.</summary>
    public TimeSpan StopRetryingBeforeStart { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first retry waits about this long; each further one twice as long (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one attempt holds the row; the sweeper leaves it alone until then.</summary>
    public TimeSpan AttemptLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Refresh the access token before a call when it expires within this window.</summary>
    public TimeSpan AccessTokenRefreshWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Back-pressure: with this many meetings still waiting to reach Webex, new events are refused with 503
    /// and Retry-After instead of growing a backlog that delays every meeting (0 = no limit).</summary>
    public int MaxOutstanding { get; set; } = 5000;

    /// <summary>The Retry-After given with that 503.</summary>
    public TimeSpan OverloadRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The sweeper re-enqueues outstanding rows that are this much past due (their job was lost).</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(30);

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (MaxAttempts < 0) yield return new ValidationResult("Meetings:MaxAttempts must not be negative (0: no cap).");
        if (StopRetryingBeforeStart < TimeSpan.Zero) yield return new ValidationResult("Meetings:StopRetryingBeforeStart must not be negative.");
        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
            yield return new ValidationResult("Meetings:RetryBaseDelay must be positive and Meetings:RetryMaxDelay at least as long.");
    }
}
