using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings;

/// <summary>Where and how to join: what the Zeeg event shows as its location.</summary>
/// <param name="PhoneAndVideoSystemPassword">The numeric password for joining from a phone or video system.</param>
/// <param name="AccessCode">The access code to enter after dialling one of <paramref name="DialInNumbers"/>.</param>
public sealed record MeetingLocationView(
    string WebexMeetingId,
    string JoinLink,
    string? MeetingNumber,
    string? Password,
    string? PhoneAndVideoSystemPassword,
    string? SipAddress,
    string? HostKey,
    string? AccessCode,
    IReadOnlyList<DialInNumber> DialInNumbers)
{
    public static MeetingLocationView From(MeetingLocation l) =>
        new(l.WebexMeetingId, l.WebLink, l.MeetingNumber, l.Password, l.PhoneAndVideoSystemPassword, l.SipAddress, l.HostKey,
            l.TelephonyAccessCode, l.DialInNumbers);
}
