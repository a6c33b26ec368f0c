namespace ZeegWebex.Infrastructure.Observability;

/// <summary>One read of both outboxes (<see cref="OutboxStats"/>).</summary>
/// <param name="MeetingsOutstanding">Meetings with work outstanding for Webex (sync pending).</param>
/// <param name="OldestMeetingDueAt">When the most overdue of them was due; null when none is waiting for a time.</param>
/// <param name="NoticesWaiting">Outcome notices not yet delivered to the Zeeg main app (and not given up).</param>
/// <param name="OldestNoticeDueAt">When the most overdue of them was due; null when none waits.</param>
public sealed record OutboxReading(
    long MeetingsOutstanding, DateTimeOffset? OldestMeetingDueAt, long NoticesWaiting, DateTimeOffset? OldestNoticeDueAt);
