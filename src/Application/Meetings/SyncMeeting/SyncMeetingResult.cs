namespace ZeegWebex.Application.Meetings.SyncMeeting;

/// <summary>What one run did, in words an operator reads in the job dashboard.</summary>
public sealed record SyncMeetingResult(SyncMeetingResult.Kind Outcome, string? Detail = null)
{
    public static readonly SyncMeetingResult NothingToDo = new(Kind.NothingToDo);

    public override string ToString() => Detail is null ? Outcome.ToString() : $"{Outcome}: {Detail}";

    public enum Kind
    {
        NothingToDo,
        Synced,
        RetryScheduled,
        Failed,

        /// <summary>The host's connection cannot be used; the cancellation or change waits for the reconnect.</summary>
        NotDelivered,
    }
}
