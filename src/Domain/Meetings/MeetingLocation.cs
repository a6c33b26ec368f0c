namespace ZeegWebex.Domain.Meetings;

/// <summary>What Webex gave back for a meeting: this becomes the Zeeg event's location.</summary>
/// <param name="PhoneAndVideoSystemPassword">The numeric password phones and video systems join with.</param>
/// <param name="TelephonyAccessCode">The access code callers enter after dialling in.</param>
public sealed record MeetingLocation(
    string WebexMeetingId,
    string? MeetingNumber,
    string WebLink,
    string? Password,
    string? SipAddress,
    string? HostKey,
    IReadOnlyList<DialInNumber> DialInNumbers,
    string? PhoneAndVideoSystemPassword = null,
    string? TelephonyAccessCode = null);

public sealed record DialInNumber(string Label, string Number, string TollType);
