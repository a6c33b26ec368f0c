using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Meetings;
using ZeegWebex.Application.Meetings.RetryMeeting;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Meetings.RetryMeeting;

public sealed class RetryMeetingHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeConnectionRepository _connections = new();
    private readonly FakeMeetingRepository _meetings = new();
    private readonly FakeJobScheduler _jobs = new();

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task A_failed_meeting_never_made_goes_back_to_pending_and_keeps_its_attempts()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        var meeting = new MeetingBuilder(Now).FailedBeforeCreation();
        _meetings.Seed(meeting);

        var view = await Handle("evt-1");

        var stored = _meetings.Stored("evt-1");
        stored.Status.Should().Be(MeetingStatus.Pending);
        stored.SyncPending.Should().BeTrue();
        stored.LastError.Should().BeNull();
        stored.Attempts.Should().Be(1, "the next attempt looks the meeting up by its tag before making another");
        view.Status.Should().Be(nameof(MeetingStatus.Pending));
        _jobs.Enqueued.Should().Equal(meeting.Id);
    }

    [Fact]
    public async Task A_failed_change_of_a_made_meeting_is_pushed_again()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        _meetings.Seed(new MeetingBuilder(Now).FailedAfterCreation());

        await Handle("evt-1");

        var stored = _meetings.Stored("evt-1");
        stored.Status.Should().Be(MeetingStatus.Created);
        stored.SyncPending.Should().BeTrue();
    }

    [Fact]
    public async Task A_meeting_that_has_not_failed_cannot_be_retried()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        var meeting = new MeetingBuilder(Now).Created();
        _meetings.Seed(meeting);

        var act = () => Handle("evt-1");

        (await act.Should().ThrowAsync<ConflictException>()).Which.Title.Should().Be("Meeting has not failed");
        _meetings.Stored("evt-1").Version.Should().Be(meeting.Version);
        _jobs.Enqueued.Should().BeEmpty();
    }

    [Fact]
    public async Task A_host_whose_connection_is_gone_has_to_reconnect_first_and_nothing_changes()
    {
        _connections.Seed(new ConnectionBuilder(Now).NeedingReauthorization().Build());
        _meetings.Seed(new MeetingBuilder(Now).FailedBeforeCreation());

        var act = () => Handle("evt-1");

        (await act.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("has to reconnect Webex first");
        _meetings.Stored("evt-1").Status.Should().Be(MeetingStatus.Failed);
        _jobs.Enqueued.Should().BeEmpty();
    }

    [Fact]
    public async Task A_meeting_never_made_cannot_be_retried_once_the_event_has_started()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        _meetings.Seed(new MeetingBuilder(Now).FailedBeforeCreation());
        _clock.Advance(TimeSpan.FromDays(2));

        var act = () => Handle("evt-1");

        (await act.Should().ThrowAsync<ConflictException>()).Which.Title.Should().Be("Event has started");
        _meetings.Stored("evt-1").Status.Should().Be(MeetingStatus.Failed);
    }

    [Fact]
    public async Task A_made_meeting_can_be_brought_in_line_after_the_event_has_started()
    {
        _connections.Seed(new ConnectionBuilder(Now).Build());
        _meetings.Seed(new MeetingBuilder(Now).FailedAfterCreation());
        _clock.Advance(TimeSpan.FromDays(2).Add(TimeSpan.FromHours(2)));

        await Handle("evt-1");

        _meetings.Stored("evt-1").Status.Should().Be(MeetingStatus.Created);
    }

    [Fact]
    public async Task An_unknown_event_is_not_found()
    {
        var act = () => Handle("evt-unknown");

        await act.Should().ThrowAsync<NotFoundException>();
    }

    private async Task<MeetingView> Handle(string zeegEventId) =>
        await new RetryMeetingHandler(_meetings, _connections, _jobs, _clock).Handle(new RetryMeetingCommand(zeegEventId), CancellationToken.None);
}
