using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Domain.Common;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.UnitTests.Domain.Meetings;

/// <summary>The transitions that keep a fault in a state the Zeeg user can act on.</summary>
public sealed class WebexMeetingFaultTransitionTests
{
    private static readonly MeetingLocation Location = new(
        "webex-meeting-1", "2550 123 4567", "https://example.webex.com/meet/j.php?MTID=m1", "Pa55word", null, null, []);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void A_cancellation_that_cannot_reach_webex_waits_for_the_reconnect_and_resumes_as_a_pending_cancellation()
    {
        var meeting = Created();
        meeting.Cancel(Now);

        meeting.MarkNotDelivered("host disconnected", Now);

        meeting.Status.Should().Be(MeetingStatus.CancelNotDelivered);
        meeting.IsCancelled.Should().BeTrue();
        meeting.IsWaitingForReconnect.Should().BeTrue();
        meeting.SyncPending.Should().BeFalse("nothing can be sent until the host reconnects");
        meeting.NextAttemptAt.Should().BeNull();
        meeting.LastError.Should().Be("host disconnected");
        meeting.Location.Should().Be(Location, "the Webex meeting is still there");

        meeting.ResumeDelivery(Now);

        meeting.Status.Should().Be(MeetingStatus.Cancelled);
        meeting.SyncPending.Should().BeTrue();
        meeting.NextAttemptAt.Should().Be(Now);
        meeting.LastError.Should().BeNull();
    }

    [Fact]
    public void A_change_that_cannot_reach_webex_waits_and_a_further_change_is_pushed_as_usual()
    {
        var meeting = Created();
        meeting.Reschedule(Schedule(48), Now);

        meeting.MarkNotDelivered("host disconnected", Now);

        meeting.Status.Should().Be(MeetingStatus.ChangeNotDelivered);
        meeting.SyncPending.Should().BeFalse();
        meeting.Reschedule(Schedule(72), Now);
        meeting.Status.Should().Be(MeetingStatus.Created);
        meeting.SyncPending.Should().BeTrue();
    }

    [Fact]
    public void A_cancellation_before_any_attempt_has_nothing_at_webex_and_settles()
    {
        var meeting = WebexMeeting.Request("evt-1", "user-1", Schedule(), Now);
        meeting.Cancel(Now);

        meeting.MarkNotDelivered("host disconnected", Now);

        meeting.Status.Should().Be(MeetingStatus.Cancelled);
        meeting.SyncPending.Should().BeFalse();
    }

    [Fact]
    public void A_meeting_not_yet_made_fails_when_its_host_cannot_reach_webex()
    {
        var meeting = WebexMeeting.Request("evt-1", "user-1", Schedule(), Now);

        meeting.MarkNotDelivered("host disconnected", Now);

        meeting.Status.Should().Be(MeetingStatus.Failed);
    }

    [Fact]
    public void An_undelivered_cancellation_stays_cancelled_and_cannot_be_rescheduled()
    {
        var meeting = Created();
        meeting.Cancel(Now);
        meeting.MarkNotDelivered("host disconnected", Now);

        meeting.Cancel(Now);

        meeting.Status.Should().Be(MeetingStatus.CancelNotDelivered);
        var reschedule = () => meeting.Reschedule(Schedule(48), Now);
        reschedule.Should().Throw<DomainException>();
    }

    [Fact]
    public void Retry_brings_a_failed_meeting_back_to_pending_keeping_its_attempts_and_refuses_any_other()
    {
        var meeting = WebexMeeting.Request("evt-1", "user-1", Schedule(), Now);
        meeting.BeginAttempt(Now.AddMinutes(2), Now);
        meeting.Fail("Webex refused", Now);

        meeting.Retry(Now);

        meeting.Status.Should().Be(MeetingStatus.Pending);
        meeting.SyncPending.Should().BeTrue();
        meeting.LastError.Should().BeNull();
        meeting.EarlierAttemptMayHaveReachedWebex.Should().BeFalse();
        meeting.Attempts.Should().Be(1, "the next attempt knows one went before it");
        var again = () => meeting.Retry(Now);
        again.Should().Throw<DomainException>();
        var resume = () => meeting.ResumeDelivery(Now);
        resume.Should().Throw<DomainException>();
    }

    [Fact]
    public void Retry_of_a_failed_update_brings_the_existing_webex_meeting_in_line()
    {
        var meeting = Created();
        meeting.Reschedule(Schedule(48), Now);
        meeting.Fail("Webex refused the update", Now);

        meeting.Retry(Now);

        meeting.Status.Should().Be(MeetingStatus.Created);
        meeting.SyncPending.Should().BeTrue();
    }

    private WebexMeeting Created()
    {
        var meeting = WebexMeeting.Request("evt-1", "user-1", Schedule(), Now);
        meeting.BeginAttempt(Now.AddMinutes(2), Now);
        meeting.MarkCreated(Location, Now);
        return meeting;
    }

    private MeetingSchedule Schedule(int startInHours = 24) =>
        new("Intro call", Now.AddHours(startInHours), Now.AddHours(startInHours).AddMinutes(30), "Europe/Berlin", null, []);
}
