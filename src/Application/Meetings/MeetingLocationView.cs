using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.Application.Meetings;

/// <summary>Where and how to join: what the Zeeg event shows as its location, to the host and every invitee alike.
/// It never carries the host key (which lets whoever holds it take the host role): that is only in
/// <see cref="MeetingHostView"/>, behind its own route, so Zeeg cannot hand it to invitees by accident.</summary>
/// <param name="PhoneAndVideoSystemPassword">The numeric password for joining from a phone or video system.</param>
/// <param name="AccessCode">The access code to enter after dialling one of <paramref name="DialInNumbers"/>.</param>
public sealed record MeetingLocationView(
    string WebexMeetingId,
    string JoinLink,
    string? MeetingNumber,
    string? Password,
    string? PhoneAndVideoSystemPassword,
    string? SipAddress,
    string? AccessCode,
    IReadOnlyList<DialInNumber> DialInNumbers)
{
    public static MeetingLocationView From(MeetingLocation l) =>
        new(l.WebexMeetingId, l.WebLink, l.MeetingNumber, l.Password, l.PhoneAndVideoSystemPassword, l.SipAddress,
            l.TelephonyAccessCode, l.DialInNumbers);

    public override string ToString() => $"MeetingLocationView({WebexMeetingId}, {MeetingNumber}, {JoinLink})";
}
