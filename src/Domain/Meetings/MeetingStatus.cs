namespace ZeegWebex.Domain.Meetings;

public enum MeetingStatus
{
    Pending = 1,
    Created = 2,
    Failed = 3,
    Cancelled = 4,

    /// <summary>The event was cancelled, but the host's Webex connection could not be used (disconnected, or Webex
    /// wants a new consent): the Webex meeting still exists and can be joined. It is deleted once the host has
    /// reconnected Webex.</summary>
    CancelNotDelivered = 5,

    /// <summary>The event was rescheduled, but the host's Webex connection could not be used: the Webex meeting still
    /// has its earlier title, times and invitees. It is updated once the host has reconnected Webex.</summary>
    ChangeNotDelivered = 6,
}
