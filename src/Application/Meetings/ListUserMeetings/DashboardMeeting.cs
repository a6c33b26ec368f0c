using Microsoft.Extensions.Caching.Memory;

namespace ZeegWebex.Application.Meetings.ListUserMeetings;

/// <param name="Source">"webex" when read from Webex just now (or within the short cache), "stored" otherwise.</param>
public sealed record DashboardMeeting(MeetingView Meeting, string? WebexState, string Source);
