namespace ZeegWebex.Application.Meetings.SyncMeeting;

/// <summary>What one run did, in words an operator reads in the job dashboard.</summary>
public sealed record SyncResult(SyncOutcome Outcome, string? Detail = null)
{
    public static readonly SyncResult NothingToDo = new(SyncOutcome.NothingToDo);

    public override string ToString() => Detail is null ? Outcome.ToString() : $"{Outcome}: {Detail}";
}
