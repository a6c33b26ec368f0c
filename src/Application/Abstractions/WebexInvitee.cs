namespace ZeegWebex.Application.Abstractions;

/// <summary>One invitation to a Webex meeting (Webex's meetingInvitees resource).</summary>
public sealed record WebexInvitee(string Id, string Email);
