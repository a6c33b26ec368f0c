using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.UnitTests.Support;

/// <summary>A stored meeting brought into a state through the domain's own transitions, as the handlers would have.</summary>
internal sealed class MeetingBuilder(DateTimeOffset now)
{
    private string _zeegEventId = "evt-1";
    private string _host = "zeeg-user-1";
    private MeetingSchedule _schedule = new ScheduleBuilder(now).Build();

    public MeetingBuilder ForEvent(string zeegEventId) { _zeegEventId = zeegEventId; return this; }

    public MeetingBuilder HostedBy(string zeegUserId) { _host = zeegUserId; return this; }

    public MeetingBuilder WithSchedule(MeetingSchedule schedule) { _schedule = schedule; return this; }

    /// <summary>Just requested: nothing has been sent to Webex yet.</summary>
    public WebexMeeting Pending() => WebexMeeting.Request(_zeegEventId, _host, _schedule, now);

    /// <summary>Webex made it as <paramref name="webexMeetingId"/> and it is in step.</summary>
    public WebexMeeting Created(string webexMeetingId = "webex-existing")
    {
        var meeting = Pending();
        meeting.BeginAttempt(now.AddMinutes(2), now);
        meeting.MarkCreated(Location(webexMeetingId), now);
        return meeting;
    }

    /// <summary>Never made: its one attempt failed permanently.</summary>
    public WebexMeeting FailedBeforeCreation(string reason = "Webex refused the meeting (400).")
    {
        var meeting = Pending();
        meeting.BeginAttempt(now.AddMinutes(2), now);
        meeting.Fail(reason, now);
        return meeting;
    }

    /// <summary>Made at Webex, then a change to it was refused.</summary>
    public WebexMeeting FailedAfterCreation(string webexMeetingId = "webex-existing")
    {
        var meeting = Created(webexMeetingId);
        meeting.Reschedule(new ScheduleBuilder(now).Titled("Design review (moved)").StartingAt(_schedule.Start.AddHours(1)).Build(), now);
        meeting.BeginAttempt(now.AddMinutes(2), now);
        meeting.Fail("Webex refused the update (400).", now);
        return meeting;
    }

    public WebexMeeting Cancelled(string webexMeetingId = "webex-existing")
    {
        var meeting = Created(webexMeetingId);
        meeting.Cancel(now);
        meeting.BeginAttempt(now.AddMinutes(2), now);
        meeting.MarkSynced(now);
        return meeting;
    }

    public static MeetingLocation Location(string webexMeetingId) =>
        new(webexMeetingId, "2550 123 4567", $"https://example.webex.com/meet/{webexMeetingId}", "Pa55word",
            $"{webexMeetingId}@example.webex.com", "123456", []);
}
