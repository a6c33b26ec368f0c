using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Meetings;
using ZeegWebex.Application.Meetings.CancelEvent;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Meetings.CancelEvent;

public sealed class CancelEventHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeConnectionRepository _connections = new();
    private readonly FakeMeetingRepository _meetings = new();
    private readonly FakeJobScheduler _jobs = new();
    private readonly FakeZeegNotifier _notifier = new();
    private readonly FakeUnitOfWork _unitOfWork = new();

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task Cancelling_a_created_meeting_leaves_the_deletion_to_the_job()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        var meeting = new MeetingBuilder(Now).Created();
        _meetings.Seed(meeting);

        var view = await Handle("evt-1");

        var stored = _meetings.Stored("evt-1");
        stored.Status.Should().Be(MeetingStatus.Cancelled);
        stored.SyncPending.Should().BeTrue();
        view.Location.Should().BeNull("a cancelled meeting shows no way to join");
        _jobs.Enqueued.Should().Equal(meeting.Id);
        _notifier.Meetings.Should().BeEmpty("Zeeg hears once Webex has deleted it");
    }

    [Fact]
    public async Task Cancelling_a_meeting_still_being_made_leaves_the_job_to_delete_what_it_made()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        var meeting = new MeetingBuilder(Now).Pending();
        _meetings.Seed(meeting);

        await Handle("evt-1");

        _meetings.Stored("evt-1").Status.Should().Be(MeetingStatus.Cancelled);
        _meetings.Stored("evt-1").SyncPending.Should().BeTrue();
        _jobs.Enqueued.Should().Equal(meeting.Id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_a_created_meeting_of_a_host_whose_connection_is_gone_is_not_delivered_and_zeeg_hears_at_once(bool disconnected)
    {
        var connection = new ConnectionBuilder(Now);
        _connections.Seed((disconnected ? connection.Disconnected() : connection.NeedingReauthorization()).Build());
        _meetings.Seed(new MeetingBuilder(Now).Created());

        var view = await Handle("evt-1");

        var stored = _meetings.Stored("evt-1");
        stored.Status.Should().Be(MeetingStatus.CancelNotDelivered);
        stored.SyncPending.Should().BeFalse();
        stored.LastError.Should().Contain("It stays at Webex and can still be joined");
        view.Status.Should().Be(nameof(MeetingStatus.CancelNotDelivered));
        view.Location.Should().NotBeNull("the meeting can still be joined at Webex");
        _notifier.Meetings.Should().ContainSingle().Which.Status.Should().Be(MeetingStatus.CancelNotDelivered);
        _jobs.Enqueued.Should().BeEmpty();
    }

    [Fact]
    public async Task Cancelling_a_meeting_no_attempt_has_sent_when_the_host_is_gone_is_simply_cancelled()
    {
        _connections.Seed(new ConnectionBuilder(Now).Disconnected().Build());
        _meetings.Seed(new MeetingBuilder(Now).Pending());

        await Handle("evt-1");

        var stored = _meetings.Stored("evt-1");
        stored.Status.Should().Be(MeetingStatus.Cancelled);
        stored.SyncPending.Should().BeFalse("nothing can exist at Webex");
        _notifier.Meetings.Should().BeEmpty();
        _jobs.Enqueued.Should().BeEmpty();
    }

    // An attempt was made and its answer lost: a Webex meeting may exist, so the cancel must wait for the host to come
    // back rather than count as done (WebexMeeting keeps the attempt count of a meeting not yet created).
    [Fact]
    public async Task Cancelling_a_meeting_an_attempt_may_have_made_when_the_host_is_gone_waits_for_the_reconnect()
    {
        _connections.Seed(new ConnectionBuilder(Now).Disconnected().Build());
        var meeting = new MeetingBuilder(Now).Pending();
        meeting.BeginAttempt(Now.AddMinutes(2), Now);
        _meetings.Seed(meeting);

        await Handle("evt-1");

        _meetings.Stored("evt-1").Status.Should().Be(MeetingStatus.CancelNotDelivered);
        _notifier.Meetings.Should().ContainSingle().Which.Status.Should().Be(MeetingStatus.CancelNotDelivered);
    }

    [Fact]
    public async Task Cancelling_again_changes_nothing()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        var meeting = new MeetingBuilder(Now).Cancelled();
        _meetings.Seed(meeting);

        var view = await Handle("evt-1");

        view.Status.Should().Be(nameof(MeetingStatus.Cancelled));
        _meetings.Stored("evt-1").Version.Should().Be(meeting.Version);
        _jobs.Enqueued.Should().BeEmpty();
        _notifier.Meetings.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_event_is_not_found()
    {
        var act = () => Handle("evt-unknown");

        await act.Should().ThrowAsync<NotFoundException>();
    }

    private async Task<MeetingView> Handle(string zeegEventId) =>
        await new CancelEventHandler(_meetings, _connections, _jobs, _notifier, _unitOfWork, _clock)
            .Handle(new CancelEventCommand(zeegEventId), CancellationToken.None);
}
