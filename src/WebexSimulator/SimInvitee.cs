namespace ZeegWebex.WebexSimulator;

/// <summary>A person invited to a meeting, as the meeting invitees API shows them.</summary>
public sealed record SimInvitee(
    string Id,
    string MeetingId,
    string Email,
    string DisplayName,
    bool CoHost,
    bool Panelist);
