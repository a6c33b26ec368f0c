using Mediator;
using Microsoft.Extensions.Caching.Memory;

namespace ZeegWebex.Application.Meetings.ListUserMeetings;

/// <summary>The dashboard's list: the user's meetings made through Zeeg, with their current state read from Webex
/// (meeting:schedules_read), or the stored details when Webex cannot be asked.</summary>
public sealed record ListUserMeetingsQuery(string ZeegUserId, DateTimeOffset From, DateTimeOffset To) : IQuery<IReadOnlyList<DashboardMeeting>>;
