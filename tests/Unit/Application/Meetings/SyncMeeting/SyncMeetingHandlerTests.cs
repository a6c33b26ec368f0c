using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Meetings.SyncMeeting;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.UnitTests.Support;
using ZeegWebex.Application.Meetings;

namespace ZeegWebex.UnitTests.Application.Meetings.SyncMeeting;

public sealed class SyncMeetingHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeConnectionRepository _connections = new();
    private readonly FakeMeetingRepository _meetings = new();
    private readonly FakeWebexApi _webex = new();
    private readonly FakeWebexOAuth _oauth = new();
    private readonly FakeJobScheduler _jobs = new();
    private readonly FakeZeegNotifier _notifier = new();
    private readonly FakeConnectionAuditLog _audit = new();
    private readonly MeetingsOptions _options = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromMinutes(10), StopRetryingBeforeStart = TimeSpan.FromMinutes(1),
    };

    public SyncMeetingHandlerTests() => _connections.Seed(new ConnectionBuilder(Now).Build());

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task A_pending_meeting_is_created_at_webex_and_zeeg_hears_where_to_join()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Synced);
        var atWebex = _webex.Meetings.Should().ContainSingle().Subject;
        atWebex.IntegrationTags.Should().Equal("zeeg:evt-1");
        atWebex.Title.Should().Be("Design review");
        _webex.Calls.Should().Equal("create stored-access");
        var stored = _meetings.Stored(meeting.Id);
        stored.Status.Should().Be(MeetingStatus.Created);
        stored.SyncPending.Should().BeFalse();
        stored.Location!.WebexMeetingId.Should().Be(atWebex.Id);
        _notifier.Meetings.Should().ContainSingle().Which.Should().Be(
            new FakeZeegNotifier.MeetingNotice("evt-1", MeetingStatus.Created, atWebex.Id, null));
    }

    [Fact]
    public async Task A_meeting_handed_over_by_the_request_that_stored_it_is_made_without_reading_it_back()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());

        var result = await Sync(meeting.Id, asStored: _meetings.Stored(meeting.Id));

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Synced);
        _webex.Calls.Should().Equal("create stored-access");
        _meetings.Stored(meeting.Id).Status.Should().Be(MeetingStatus.Created);
        _meetings.Reads.Should().Be(0, "the claim and the result are both written over the row handed over, version-checked");
    }

    [Fact]
    public async Task A_handed_over_meeting_that_changed_since_is_read_again_and_its_new_schedule_reaches_webex()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());
        var handedOver = _meetings.Stored(meeting.Id);
        var moved = _meetings.Stored(meeting.Id);
        moved.Reschedule(new ScheduleBuilder(Now).Titled("Moved review").StartingAt(Now.AddDays(4)).Build(), Now);
        (await _meetings.UpdateAsync(moved, 1, CancellationToken.None)).Should().BeTrue();

        var result = await Sync(meeting.Id, asStored: handedOver);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Synced);
        var atWebex = _webex.Meetings.Should().ContainSingle().Subject;
        atWebex.Title.Should().Be("Moved review");
        atWebex.Start.Should().Be(moved.Schedule.Start);
        _meetings.Stored(meeting.Id).Status.Should().Be(MeetingStatus.Created);
    }

    [Fact]
    public async Task A_handed_over_meeting_whose_start_passed_while_it_waited_is_decided_on_the_stored_row()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());
        var handedOver = _meetings.Stored(meeting.Id);
        var moved = _meetings.Stored(meeting.Id);
        moved.Reschedule(new ScheduleBuilder(Now).StartingAt(Now.AddDays(9)).Build(), Now);
        (await _meetings.UpdateAsync(moved, 1, CancellationToken.None)).Should().BeTrue();
        _clock.Advance(handedOver.Schedule.Start - Now + TimeSpan.FromMinutes(1));

        var result = await Sync(meeting.Id, asStored: handedOver);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Synced, "the stored row starts in nine days; only the stale copy had passed");
        _webex.Meetings.Should().ContainSingle().Which.Start.Should().Be(moved.Schedule.Start);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_after_a_backoff_that_doubles()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());
        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            _webex.FailNext(FakeWebexApi.Create, WebexFailures.Unavailable());
            var before = Now;

            var result = await Sync(meeting.Id);

            result.Outcome.Should().Be(SyncMeetingResult.Kind.RetryScheduled);
            var stored = _meetings.Stored(meeting.Id);
            stored.Attempts.Should().Be(attempt);
            stored.LastError.Should().Contain("503").And.Contain("tracking-503");
            _jobs.Scheduled.Should().HaveCount(attempt).And.EndWith((meeting.Id, stored.NextAttemptAt!.Value));
            delays.Add(stored.NextAttemptAt!.Value - before);
            _clock.Advance(stored.NextAttemptAt!.Value - before);
        }

        // 5 s, 10 s, 20 s, each with up to 20 % jitter either way.
        delays[0].Should().BeCloseTo(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
        delays[1].Should().BeCloseTo(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));
        delays[2].Should().BeCloseTo(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(4));
        _notifier.Meetings.Should().BeEmpty("nothing is final yet");
        _meetings.Stored(meeting.Id).Status.Should().Be(MeetingStatus.Pending);
    }

    [Fact]
    public async Task A_retry_after_from_webex_is_waited_out()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());
        _webex.FailNext(FakeWebexApi.Create, WebexFailures.Unavailable(retryAfter: TimeSpan.FromSeconds(90)));

        await Sync(meeting.Id);

        _meetings.Stored(meeting.Id).NextAttemptAt.Should().Be(Now.AddSeconds(90));
    }

    [Fact]
    public async Task A_permanent_failure_fails_the_meeting_at_once_and_zeeg_hears_why()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());
        _webex.FailNext(FakeWebexApi.Create, WebexFailures.BadRequest());

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Failed);
        var stored = _meetings.Stored(meeting.Id);
        stored.Status.Should().Be(MeetingStatus.Failed);
        stored.SyncPending.Should().BeFalse();
        stored.LastError.Should().Contain("invalid start").And.Contain("tracking-400");
        _notifier.Meetings.Should().ContainSingle().Which.Status.Should().Be(MeetingStatus.Failed);
        _jobs.Scheduled.Should().BeEmpty();
    }

    [Fact]
    public async Task After_a_lost_answer_the_meeting_webex_made_is_adopted_by_its_tag_instead_of_made_twice()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());
        _webex.LoseNextAnswer(FakeWebexApi.Create, WebexFailures.GatewayTimeout());
        (await Sync(meeting.Id)).Outcome.Should().Be(SyncMeetingResult.Kind.RetryScheduled);
        _clock.Advance(_meetings.Stored(meeting.Id).NextAttemptAt!.Value - Now);

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Synced);
        var atWebex = _webex.Meetings.Should().ContainSingle().Subject;
        _meetings.Stored(meeting.Id).Location!.WebexMeetingId.Should().Be(atWebex.Id);
        _webex.Calls.Should().Equal("create stored-access", "findByTag stored-access");
        _notifier.Meetings.Should().ContainSingle().Which.WebexMeetingId.Should().Be(atWebex.Id);
    }

    [Fact]
    public async Task An_adopted_meeting_made_from_an_earlier_schedule_is_brought_up_to_date()
    {
        var schedule = new ScheduleBuilder(Now).Inviting("grace@example.com", "alan@example.com").Build();
        var earlier = _webex.Holds("Design review (draft)", schedule.Start, schedule.End, "zeeg:evt-1", "grace@example.com", "old@example.com");
        var meeting = new MeetingBuilder(Now).WithSchedule(schedule).Pending();
        meeting.BeginAttempt(Now.AddMinutes(2), Now);
        Seed(meeting);
        _clock.Advance(TimeSpan.FromMinutes(3));

        await Sync(meeting.Id);

        var atWebex = _webex.Meetings.Should().ContainSingle().Subject;
        atWebex.Id.Should().Be(earlier.Id);
        atWebex.Title.Should().Be("Design review");
        _webex.InviteesOf(earlier.Id).Should().BeEquivalentTo("grace@example.com", "alan@example.com");
        _meetings.Stored(meeting.Id).Status.Should().Be(MeetingStatus.Created);
    }

    [Fact]
    public async Task A_first_attempt_creates_without_looking_up_the_tag()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());

        await Sync(meeting.Id);

        _webex.Calls.Should().NotContain(c => c.StartsWith(FakeWebexApi.FindByTag));
    }

    [Fact]
    public async Task Retries_stop_shortly_before_the_start_and_the_meeting_fails_with_the_last_error()
    {
        var start = Now.AddMinutes(3);
        var meeting = Seed(new MeetingBuilder(Now).WithSchedule(new ScheduleBuilder(Now).StartingAt(start).Build()).Pending());
        _clock.Advance(start - _options.StopRetryingBeforeStart - Now);
        _webex.FailNext(FakeWebexApi.Create, WebexFailures.Unavailable());

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Failed);
        var stored = _meetings.Stored(meeting.Id);
        stored.Status.Should().Be(MeetingStatus.Failed);
        stored.LastError.Should().Contain("could not be reached in time").And.Contain("503");
        _notifier.Meetings.Should().ContainSingle().Which.Status.Should().Be(MeetingStatus.Failed);
    }

    [Fact]
    public async Task The_last_retry_lands_on_the_moment_retrying_stops()
    {
        var start = Now.AddMinutes(3);
        var meeting = Seed(new MeetingBuilder(Now).WithSchedule(new ScheduleBuilder(Now).StartingAt(start).Build()).Pending());
        _clock.Advance(TimeSpan.FromMinutes(1.95));
        _webex.FailNext(FakeWebexApi.Create, WebexFailures.Unavailable());

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.RetryScheduled);
        _meetings.Stored(meeting.Id).NextAttemptAt.Should().Be(start - _options.StopRetryingBeforeStart);
    }

    [Fact]
    public async Task A_retry_after_reaching_past_the_last_moment_fails_the_meeting_now()
    {
        var meeting = Seed(new MeetingBuilder(Now).WithSchedule(new ScheduleBuilder(Now).StartingAt(Now.AddMinutes(3)).Build()).Pending());
        _webex.FailNext(FakeWebexApi.Create, WebexFailures.Unavailable(retryAfter: TimeSpan.FromMinutes(5)));

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Failed);
        _jobs.Scheduled.Should().BeEmpty();
    }

    [Fact]
    public async Task A_meeting_whose_start_has_passed_fails_without_asking_webex()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());
        _clock.Advance(TimeSpan.FromDays(2));

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Failed);
        _meetings.Stored(meeting.Id).LastError.Should().Contain("has passed");
        _webex.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_run_before_the_meeting_is_due_comes_back_when_it_is_and_does_nothing_now()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());
        meeting.BeginAttempt(Now.AddMinutes(2), Now);
        Seed(meeting);

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.NothingToDo);
        _jobs.Scheduled.Should().Equal((meeting.Id, Now.AddMinutes(2)));
        _webex.Calls.Should().BeEmpty();
        _meetings.Stored(meeting.Id).Attempts.Should().Be(1);
    }

    [Fact]
    public async Task A_meeting_in_step_is_left_alone()
    {
        var meeting = Seed(new MeetingBuilder(Now).Created());

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.NothingToDo);
        _webex.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_cancelled_meeting_is_deleted_at_webex()
    {
        var atWebex = _webex.Holds("Design review", Now.AddDays(2), Now.AddDays(2).AddMinutes(30), "zeeg:evt-1");
        var meeting = new MeetingBuilder(Now).Created(atWebex.Id);
        meeting.Cancel(Now);
        Seed(meeting);

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Synced);
        _webex.Meetings.Should().BeEmpty();
        _meetings.Stored(meeting.Id).SyncPending.Should().BeFalse();
        _notifier.Meetings.Should().ContainSingle().Which.Status.Should().Be(MeetingStatus.Cancelled);
    }

    [Fact]
    public async Task A_rescheduled_meeting_is_updated_at_webex_with_its_invitees()
    {
        var atWebex = _webex.Holds("Design review", Now.AddDays(2), Now.AddDays(2).AddMinutes(30), "zeeg:evt-1", "grace@example.com", "host@example.com");
        var meeting = new MeetingBuilder(Now).Created(atWebex.Id);
        meeting.Reschedule(new ScheduleBuilder(Now).StartingAt(Now.AddDays(3)).Inviting("alan@example.com").Build(), Now);
        Seed(meeting);

        await Sync(meeting.Id);

        _webex.Meetings.Single().Start.Should().Be(Now.AddDays(3));
        _webex.InviteesOf(atWebex.Id).Should().BeEquivalentTo(["alan@example.com", "host@example.com"], "the host is never withdrawn");
        _webex.Calls.Should().NotContain(c => c.StartsWith(FakeWebexApi.Create));
    }

    [Fact]
    public async Task A_change_for_a_host_who_disconnected_is_kept_for_the_reconnect_and_zeeg_hears()
    {
        _connections.Seed(new ConnectionBuilder(Now).ForUser("zeeg-user-2").Disconnected().Build());
        var meeting = new MeetingBuilder(Now).HostedBy("zeeg-user-2").Created();
        meeting.Reschedule(new ScheduleBuilder(Now).StartingAt(Now.AddDays(3)).Build(), Now);
        Seed(meeting);

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.NotDelivered);
        _meetings.Stored(meeting.Id).Status.Should().Be(MeetingStatus.ChangeNotDelivered);
        _notifier.Meetings.Should().ContainSingle().Which.Status.Should().Be(MeetingStatus.ChangeNotDelivered);
        _webex.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_meeting_not_yet_made_for_a_host_without_a_connection_fails()
    {
        var meeting = Seed(new MeetingBuilder(Now).HostedBy("zeeg-user-without-connection").Pending());

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Failed);
        _meetings.Stored(meeting.Id).LastError.Should().Contain("The host has no Webex connection.");
    }

    [Fact]
    public async Task An_access_token_about_to_expire_is_refreshed_before_webex_is_called()
    {
        _connections.Seed(new ConnectionBuilder(Now).ForUser("zeeg-user-2").AccessTokenExpiringAt(Now.AddMinutes(3)).Build());
        var meeting = Seed(new MeetingBuilder(Now).HostedBy("zeeg-user-2").Pending());

        await Sync(meeting.Id);

        _oauth.RefreshedWith.Should().Equal("stored-refresh");
        _webex.Calls.Should().Equal("create issued-access-1");
    }

    [Fact]
    public async Task A_401_refreshes_the_token_once_and_tries_again()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());
        _webex.FailNext(FakeWebexApi.Create, WebexFailures.Unauthorized());

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.Synced);
        _oauth.RefreshedWith.Should().Equal("stored-refresh");
        _webex.Calls.Should().Equal("create stored-access", "create issued-access-1");
    }

    [Fact]
    public async Task A_concurrent_run_that_claims_the_row_first_wins_and_this_one_does_nothing()
    {
        var meeting = Seed(new MeetingBuilder(Now).Pending());
        _meetings.BeforeNextUpdate = () =>
        {
            var other = _meetings.Stored(meeting.Id);
            other.BeginAttempt(Now.AddMinutes(2), Now);
            _meetings.Seed(other);
        };

        var result = await Sync(meeting.Id);

        result.Outcome.Should().Be(SyncMeetingResult.Kind.NothingToDo);
        _webex.Calls.Should().BeEmpty();
    }

    private WebexMeeting Seed(WebexMeeting meeting)
    {
        _meetings.Seed(meeting);
        return meeting;
    }

    private async Task<SyncMeetingResult> Sync(Guid meetingId, WebexMeeting? asStored = null)
    {
        var refresher = ConnectionRefresherFactory.Create(_connections, _meetings, _oauth, _notifier, _audit, _clock);
        var handler = new SyncMeetingHandler(
            _meetings, _connections, refresher, _webex, _jobs, _notifier, new ZeegWebexMetrics(new TestMeterFactory()), new FakeUnitOfWork(),
            Options.Create(_options), _clock, NullLogger<SyncMeetingHandler>.Instance);
        return await handler.Handle(new SyncMeetingCommand(meetingId, asStored), CancellationToken.None);
    }
}
