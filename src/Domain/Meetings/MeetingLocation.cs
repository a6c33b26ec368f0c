namespace ZeegWebex.Domain.Meetings;

/// <summary>What Webex gave back for a meeting: this becomes the Zeeg event's location.</summary>
public sealed record MeetingLocation(
    string WebexMeetingId,
    string? MeetingNumber,
    string WebLink,
    string? Password,
    string? SipAddress,
    string? HostKey,
    IReadOnlyList<DialInNumber> DialInNumbers);

public sealed record DialInNumber(string Label, string Number, string TollType);
