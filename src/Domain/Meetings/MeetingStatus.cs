namespace ZeegWebex.Domain.Meetings;

public enum MeetingStatus
{
    Pending = 1,
    Created = 2,
    Failed = 3,
    Cancelled = 4,
}
