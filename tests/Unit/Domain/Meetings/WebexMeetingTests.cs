using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Domain.Common;
using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.UnitTests.Domain.Meetings;

public sealed class WebexMeetingTests
{
    private static readonly MeetingLocation Location = new(
        "webex-meeting-1", "2550 123 4567", "https://example.webex.com/meet/j.php?MTID=m1", "Pa55word", "25501234567@example.webex.com",
        "123456", [new DialInNumber("US Toll", "+1-408-555-0100", "toll")]);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void Request_is_pending_with_sync_pending_and_due_now()
    {
        var meeting = WebexMeeting.Request("evt-42", "zeeg-user-1", Schedule(), Now);

        meeting.Status.Should().Be(MeetingStatus.Pending);
        meeting.SyncPending.Should().BeTrue();
        meeting.IsOutstanding.Should().BeTrue();
        meeting.NextAttemptAt.Should().Be(Now);
        meeting.Attempts.Should().Be(0);
        meeting.Location.Should().BeNull();
        meeting.Version.Should().Be(1);
    }

    [Fact]
    public void Request_without_an_event_id_is_rejected()
    {
        var act = () => WebexMeeting.Request(" ", "zeeg-user-1", Schedule(), Now);

        act.Should().Throw<DomainException>();
    }

    [Fact]
    public void A_webex_meeting_that_arrives_after_the_cancel_is_kept_for_deletion()
    {
        var meeting = Requested();
        meeting.BeginAttempt(Now.AddMinutes(2), Now);
        meeting.Cancel(Now);

        meeting.RecordLateWebexMeeting(Location, Now.AddSeconds(1));

        meeting.Status.Should().Be(MeetingStatus.Cancelled);
        meeting.Location.Should().Be(Location);
        meeting.SyncPending.Should().BeTrue("the cancellation still has to delete it at Webex");
        meeting.NextAttemptAt.Should().Be(Now.AddSeconds(1), "the attempt that learned of it holds the lease and gives it up");
    }

    [Fact]
    public void Only_a_cancelled_meeting_records_a_late_webex_meeting()
    {
        var meeting = Requested();

        var act = () => meeting.RecordLateWebexMeeting(Location, Now);

        act.Should().Throw<DomainException>();
    }

    [Fact]
    public void MarkCreated_sets_the_location_and_settles()
    {
        var meeting = Requested();
        meeting.RetryLater("timeout", Now.AddMinutes(1), Now);
        _clock.Advance(TimeSpan.FromMinutes(1));

        meeting.MarkCreated(Location, Now);

        meeting.Status.Should().Be(MeetingStatus.Created);
        meeting.Location.Should().Be(Location);
        meeting.SyncPending.Should().BeFalse();
        meeting.IsOutstanding.Should().BeFalse();
        meeting.NextAttemptAt.Should().BeNull();
        meeting.LastError.Should().BeNull();
        meeting.UpdatedAt.Should().Be(Now);
        meeting.Version.Should().Be(3);
    }

    [Fact]
    public void Reschedule_of_a_created_meeting_needs_sync_again()
    {
        var meeting = Created();
        _clock.Advance(TimeSpan.FromHours(1));
        var moved = Schedule(startInHours: 48);

        meeting.Reschedule(moved, Now);

        meeting.Status.Should().Be(MeetingStatus.Created);
        meeting.Schedule.Should().Be(moved);
        meeting.SyncPending.Should().BeTrue();
        meeting.NextAttemptAt.Should().Be(Now);
        meeting.Location.Should().Be(Location);
    }

    [Fact]
    public void Reschedule_of_a_failed_meeting_tries_to_create_it_again()
    {
        var meeting = Requested();
        meeting.Fail("The Webex site does not allow meetings.", Now);

        meeting.Reschedule(Schedule(startInHours: 48), Now);

        meeting.Status.Should().Be(MeetingStatus.Pending);
        meeting.SyncPending.Should().BeTrue();
        meeting.IsOutstanding.Should().BeTrue();
        meeting.NextAttemptAt.Should().Be(Now);
        meeting.LastError.Should().BeNull();
    }

    [Fact]
    public void Cancel_of_a_failed_never_created_meeting_settles_with_nothing_to_delete()
    {
        var meeting = Requested();
        meeting.Fail("Webex refused the meeting.", Now);

        meeting.Cancel(Now);

        meeting.Status.Should().Be(MeetingStatus.Cancelled);
        meeting.SyncPending.Should().BeFalse();
        meeting.IsOutstanding.Should().BeFalse();
        meeting.NextAttemptAt.Should().BeNull();
    }

    [Fact]
    public void Cancel_of_a_still_pending_meeting_stays_outstanding_because_a_create_may_have_reached_webex()
    {
        var meeting = Requested();

        meeting.Cancel(Now);

        meeting.Status.Should().Be(MeetingStatus.Cancelled);
        meeting.SyncPending.Should().BeTrue();
        meeting.IsOutstanding.Should().BeTrue();
        meeting.NextAttemptAt.Should().Be(Now);
    }

    [Fact]
    public void Cancel_of_a_created_meeting_needs_the_webex_meeting_deleted()
    {
        var meeting = Created();

        meeting.Cancel(Now);

        meeting.Status.Should().Be(MeetingStatus.Cancelled);
        meeting.SyncPending.Should().BeTrue();
        meeting.IsOutstanding.Should().BeTrue();
    }

    [Fact]
    public void Cancel_twice_changes_nothing_the_second_time()
    {
        var meeting = Created();
        meeting.Cancel(Now);
        var version = meeting.Version;

        meeting.Cancel(Now);

        meeting.Version.Should().Be(version);
    }

    [Fact]
    public void Cancelled_meeting_cannot_be_rescheduled_or_created()
    {
        var meeting = Requested();
        meeting.Cancel(Now);

        ((Action)(() => meeting.Reschedule(Schedule(startInHours: 48), Now))).Should().Throw<DomainException>();
        ((Action)(() => meeting.MarkCreated(Location, Now))).Should().Throw<DomainException>();
    }

    [Fact]
    public void BeginAttempt_counts_the_attempt_and_holds_a_lease()
    {
        var meeting = Requested();
        var leaseUntil = Now.AddMinutes(5);

        meeting.BeginAttempt(leaseUntil, Now);

        meeting.Attempts.Should().Be(1);
        meeting.NextAttemptAt.Should().Be(leaseUntil);
        meeting.EarlierAttemptMayHaveReachedWebex.Should().BeFalse();
    }

    [Fact]
    public void Second_attempt_knows_an_earlier_one_may_have_reached_webex()
    {
        var meeting = Requested();
        meeting.BeginAttempt(Now.AddMinutes(5), Now);
        meeting.RetryLater("timeout", Now.AddSeconds(30), Now);

        meeting.BeginAttempt(Now.AddMinutes(5), Now);

        meeting.Attempts.Should().Be(2);
        meeting.EarlierAttemptMayHaveReachedWebex.Should().BeTrue();
    }

    [Fact]
    public void BeginAttempt_on_a_settled_meeting_is_rejected()
    {
        var meeting = Created();

        var act = () => meeting.BeginAttempt(Now.AddMinutes(5), Now);

        act.Should().Throw<DomainException>();
    }

    [Fact]
    public void RetryLater_keeps_the_reason_and_moves_the_due_time()
    {
        var meeting = Requested();
        meeting.BeginAttempt(Now.AddMinutes(5), Now);
        var retryAt = Now.AddSeconds(30);

        meeting.RetryLater("Webex answered 503", retryAt, Now);

        meeting.Attempts.Should().Be(1);
        meeting.LastError.Should().Be("Webex answered 503");
        meeting.NextAttemptAt.Should().Be(retryAt);
        meeting.SyncPending.Should().BeTrue();
        meeting.IsOutstanding.Should().BeTrue();
        meeting.Status.Should().Be(MeetingStatus.Pending);
    }

    [Fact]
    public void Fail_stops_the_retries_and_keeps_the_reason()
    {
        var meeting = Requested();
        meeting.BeginAttempt(Now.AddMinutes(5), Now);
        meeting.RetryLater("timeout", Now.AddSeconds(30), Now);
        meeting.BeginAttempt(Now.AddMinutes(5), Now);

        meeting.Fail("The host has no Webex meetings licence.", Now);

        meeting.Status.Should().Be(MeetingStatus.Failed);
        meeting.SyncPending.Should().BeFalse();
        meeting.IsOutstanding.Should().BeFalse();
        meeting.NextAttemptAt.Should().BeNull();
        meeting.LastError.Should().Be("The host has no Webex meetings licence.");
        ((Action)(() => meeting.BeginAttempt(Now.AddMinutes(5), Now))).Should().Throw<DomainException>();
    }

    [Fact]
    public void IntegrationTag_is_derived_from_the_zeeg_event_id()
    {
        var meeting = WebexMeeting.Request("evt-42", "zeeg-user-1", Schedule(), Now);

        meeting.IntegrationTag.Should().Be("zeeg:evt-42");
        WebexMeeting.IntegrationTagFor("evt-42").Should().Be(meeting.IntegrationTag);
        WebexMeeting.Request("evt-43", "zeeg-user-1", Schedule(), Now).IntegrationTag.Should().NotBe(meeting.IntegrationTag);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public void MeetingSchedule_rejects_an_end_not_after_the_start(int minutesAfterStart)
    {
        var start = Now.AddDays(1);

        var act = () => new MeetingSchedule("Intro call", start, start.AddMinutes(minutesAfterStart), "Europe/Berlin", null, []);

        act.Should().Throw<DomainException>().WithMessage("*end after it starts*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void MeetingSchedule_rejects_an_empty_title(string title)
    {
        var start = Now.AddDays(1);

        var act = () => new MeetingSchedule(title, start, start.AddMinutes(30), "Europe/Berlin", null, []);

        act.Should().Throw<DomainException>().WithMessage("*title*");
    }

    [Fact]
    public void MeetingSchedule_keeps_what_the_event_asked_for()
    {
        var start = Now.AddDays(1);

        var schedule = new MeetingSchedule("Intro call", start, start.AddMinutes(30), "Europe/Berlin", "Agenda", ["guest@example.com"]);

        schedule.Title.Should().Be("Intro call");
        schedule.End.Should().Be(start.AddMinutes(30));
        schedule.Invitees.Should().Equal("guest@example.com");
    }

    [Fact]
    public void MeetingSchedules_with_equal_parts_are_equal_even_when_their_invitee_lists_are_different_objects()
    {
        var start = Now.AddDays(1);
        var one = new MeetingSchedule("Intro call", start, start.AddMinutes(30), "Europe/Berlin", "Agenda", new List<string> { "ann@example.com", "bob@example.com" });
        var other = new MeetingSchedule("Intro call", start.ToOffset(TimeSpan.FromHours(1)), start.AddMinutes(30), "Europe/Berlin", "Agenda", ["Ann@Example.com", "bob@example.com"]);

        (one == other).Should().BeTrue();
        one.Equals(other).Should().BeTrue();
        one.GetHashCode().Should().Be(other.GetHashCode());
        one.DifferencesFrom(other).Should().BeEmpty();
    }

    [Fact]
    public void MeetingSchedules_that_differ_name_every_difference()
    {
        var start = Now.AddDays(1);
        var one = new MeetingSchedule("Intro call", start, start.AddMinutes(30), "Europe/Berlin", "Agenda", ["ann@example.com"]);
        var other = new MeetingSchedule("Intro call", start.AddHours(1), start.AddMinutes(90), "Europe/Berlin", "Agenda", ["bob@example.com"]);

        (one != other).Should().BeTrue();
        one.DifferencesFrom(other).Should().Equal("start", "end", "invitees");
    }

    [Fact]
    public void MeetingSchedule_keeps_its_own_copy_of_the_invitees()
    {
        var invitees = new List<string> { "ann@example.com" };
        var schedule = new MeetingSchedule("Intro call", Now.AddDays(1), Now.AddDays(1).AddMinutes(30), "Europe/Berlin", null, invitees);

        invitees.Add("bob@example.com");

        schedule.Invitees.Should().Equal("ann@example.com");
    }

    private WebexMeeting Requested() => WebexMeeting.Request("evt-42", "zeeg-user-1", Schedule(), Now);

    private WebexMeeting Created()
    {
        var meeting = Requested();
        meeting.MarkCreated(Location, Now);
        return meeting;
    }

    private MeetingSchedule Schedule(int startInHours = 24) =>
        new("Intro call", Now.AddHours(startInHours), Now.AddHours(startInHours).AddMinutes(30), "Europe/Berlin", null, ["guest@example.com"]);
}
