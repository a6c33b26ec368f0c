namespace ZeegWebex.Domain.Meetings;

/// <summary>What Webex gave back for a meeting: this becomes the Zeeg event's location (all of it but the host key,
/// which only the host may see).</summary>
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
    string? TelephonyAccessCode = null)
{
    // A record prints every value; the passwords and the host key must not reach a log line or an exception message.
    public override string ToString() => $"MeetingLocation({WebexMeetingId}, {MeetingNumber}, {WebLink})";
}
