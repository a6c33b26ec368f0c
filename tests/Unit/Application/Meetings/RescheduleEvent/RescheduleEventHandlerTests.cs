using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Meetings;
using ZeegWebex.Application.Meetings.RescheduleEvent;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Meetings.RescheduleEvent;

public sealed class RescheduleEventHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeConnectionRepository _connections = new();
    private readonly FakeMeetingRepository _meetings = new();
    private readonly FakeJobScheduler _jobs = new();
    private readonly FakeZeegNotifier _notifier = new();
    private readonly FakeUnitOfWork _unitOfWork = new();

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task Moving_a_created_meeting_stores_the_new_schedule_and_hands_it_to_the_job()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        var meeting = new MeetingBuilder(Now).Created();
        _meetings.Seed(meeting);

        var view = await Handle(Command(Moved()));

        var stored = _meetings.Stored("evt-1");
        stored.Schedule.Should().Be(Moved().Build());
        stored.Status.Should().Be(MeetingStatus.Created);
        stored.SyncPending.Should().BeTrue();
        view.SyncPending.Should().BeTrue();
        _jobs.Enqueued.Should().Equal(meeting.Id);
        _notifier.Meetings.Should().BeEmpty("Zeeg hears when the job has told Webex");
    }

    [Fact]
    public async Task The_same_schedule_again_is_not_a_change_and_asks_webex_nothing()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        _meetings.Seed(new MeetingBuilder(Now).Created());

        var view = await Handle(Command(new ScheduleBuilder(Now)));

        view.SyncPending.Should().BeFalse();
        _meetings.Stored("evt-1").SyncPending.Should().BeFalse();
        _jobs.Enqueued.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Moving_a_created_meeting_of_a_host_whose_connection_is_gone_is_not_delivered_and_zeeg_hears_at_once(bool disconnected)
    {
        var connection = new ConnectionBuilder(Now);
        _connections.Seed((disconnected ? connection.Disconnected() : connection.NeedingReauthorization()).Build());
        _meetings.Seed(new MeetingBuilder(Now).Created());

        var view = await Handle(Command(Moved()));

        var stored = _meetings.Stored("evt-1");
        stored.Status.Should().Be(MeetingStatus.ChangeNotDelivered);
        stored.SyncPending.Should().BeFalse();
        stored.Schedule.Should().Be(Moved().Build(), "the change is delivered from the stored schedule after the reconnect");
        stored.LastError.Should().Contain(disconnected ? "the host has disconnected Webex" : "wants a new consent");
        view.Status.Should().Be(nameof(MeetingStatus.ChangeNotDelivered));
        _notifier.Meetings.Should().ContainSingle().Which.Status.Should().Be(MeetingStatus.ChangeNotDelivered);
        _jobs.Enqueued.Should().BeEmpty();
    }

    [Fact]
    public async Task Moving_a_meeting_not_yet_made_of_a_host_whose_connection_is_gone_is_left_to_its_job()
    {
        _connections.Seed(new ConnectionBuilder(Now).Disconnected().Build());
        var meeting = new MeetingBuilder(Now).Pending();
        _meetings.Seed(meeting);

        await Handle(Command(Moved()));

        _meetings.Stored("evt-1").Status.Should().Be(MeetingStatus.Pending);
        _notifier.Meetings.Should().BeEmpty();
        _jobs.Enqueued.Should().Equal(meeting.Id);
    }

    [Fact]
    public async Task A_change_not_delivered_is_delivered_with_the_next_change_once_the_host_is_back()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        var meeting = new MeetingBuilder(Now).Created();
        meeting.Reschedule(Moved().Build(), Now);
        meeting.MarkNotDelivered("The host's Webex connection cannot be used.", Now);
        _meetings.Seed(meeting);

        await Handle(Command(Moved().Titled("Design review, final")));

        var stored = _meetings.Stored("evt-1");
        stored.Status.Should().Be(MeetingStatus.Created);
        stored.SyncPending.Should().BeTrue();
        _jobs.Enqueued.Should().Equal(meeting.Id);
    }

    [Fact]
    public async Task The_same_schedule_again_for_a_failed_meeting_tries_it_again()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        var meeting = new MeetingBuilder(Now).FailedBeforeCreation();
        _meetings.Seed(meeting);

        await Handle(Command(new ScheduleBuilder(Now)));

        _meetings.Stored("evt-1").Status.Should().Be(MeetingStatus.Pending);
        _jobs.Enqueued.Should().Equal(meeting.Id);
    }

    [Fact]
    public async Task A_cancelled_event_cannot_be_rescheduled()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        _meetings.Seed(new MeetingBuilder(Now).Cancelled());

        var act = () => Handle(Command(Moved()));

        (await act.Should().ThrowAsync<ConflictException>()).Which.Title.Should().Be("Event is cancelled");
        _meetings.Stored("evt-1").Schedule.Should().Be(new ScheduleBuilder(Now).Build());
        _jobs.Enqueued.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_event_is_not_found()
    {
        var act = () => Handle(Command(Moved()));

        await act.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task A_job_writing_in_between_does_not_lose_the_change()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        var meeting = new MeetingBuilder(Now).Pending();
        _meetings.Seed(meeting);
        _meetings.BeforeNextUpdate = () =>
        {
            var claimed = _meetings.Stored(meeting.Id);
            claimed.BeginAttempt(Now.AddMinutes(2), Now);
            _meetings.Seed(claimed);
        };

        await Handle(Command(Moved()));

        var stored = _meetings.Stored("evt-1");
        stored.Schedule.Should().Be(Moved().Build());
        stored.Attempts.Should().Be(1, "the job's claim is kept");
    }

    private ScheduleBuilder Moved() => new ScheduleBuilder(Now).StartingAt(Now.AddDays(3)).Titled("Design review (moved)");

    private static RescheduleEventCommand Command(ScheduleBuilder s, string eventId = "evt-1") =>
        new(eventId, s.Title, s.StartText, s.EndText, ScheduleBuilder.TimeZone, s.Agenda, s.Invitees);

    private async Task<MeetingView> Handle(RescheduleEventCommand command) =>
        await new RescheduleEventHandler(_meetings, _connections, _jobs, _notifier, _unitOfWork, _clock).Handle(command, CancellationToken.None);
}
