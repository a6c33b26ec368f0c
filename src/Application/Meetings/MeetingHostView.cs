namespace ZeegWebex.Application.Meetings;

/// <summary>What only the meeting's host may see: the host key, which lets whoever enters it claim the host role
/// (start the meeting, admit people, record). Answered only by its own route, never with the location.</summary>
public sealed record MeetingHostView(string ZeegEventId, string HostZeegUserId, string WebexMeetingId, string? HostKey)
{
    public override string ToString() => $"MeetingHostView({ZeegEventId}, {WebexMeetingId})";
}
