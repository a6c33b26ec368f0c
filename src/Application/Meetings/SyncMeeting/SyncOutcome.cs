namespace ZeegWebex.Application.Meetings.SyncMeeting;

public enum SyncOutcome
{
    NothingToDo,
    Synced,
    RetryScheduled,
    Failed,

    /// <summary>The host's connection cannot be used; the cancellation or change waits for the reconnect.</summary>
    NotDelivered,
}
