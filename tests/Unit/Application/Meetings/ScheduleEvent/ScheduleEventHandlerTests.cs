using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Common;
using ZeegWebex.Application.Meetings.ScheduleEvent;
using ZeegWebex.Application.Meetings.SyncMeeting;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.UnitTests.Support;
using ZeegWebex.Application.Meetings;

namespace ZeegWebex.UnitTests.Application.Meetings.ScheduleEvent;

public sealed class ScheduleEventHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeConnectionRepository _connections = new();
    private readonly FakeMeetingRepository _meetings = new();
    private readonly FakeJobScheduler _jobs = new();
    private readonly MeetingsOptions _options = new() { MaxOutstanding = 3, OverloadRetryAfter = TimeSpan.FromSeconds(45) };

    public ScheduleEventHandlerTests() => _connections.Seed(new ConnectionBuilder(Now).Build());

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task New_event_of_an_active_host_is_stored_pending_and_handed_to_the_job()
    {
        var result = await Handle(Command(Schedule()));

        result.Accepted.Should().BeTrue();
        result.Meeting.Status.Should().Be(nameof(MeetingStatus.Pending));
        var stored = _meetings.Stored("evt-1");
        stored.Status.Should().Be(MeetingStatus.Pending);
        stored.SyncPending.Should().BeTrue();
        stored.Schedule.Should().Be(Schedule().Build());
        _jobs.Enqueued.Should().Equal(stored.Id);
        _jobs.HandedOver.Should().ContainSingle("the sync starts from the row as stored instead of reading it back")
            .Which.Should().BeEquivalentTo(stored);
    }

    [Fact]
    public async Task Event_is_refused_with_retry_after_when_the_backlog_is_full_and_nothing_is_stored()
    {
        for (var i = 0; i < _options.MaxOutstanding; i++)
            _meetings.Seed(new MeetingBuilder(Now).ForEvent($"evt-waiting-{i}").Pending());

        var act = () => Handle(Command(Schedule()));

        var refused = await act.Should().ThrowAsync<OverloadedException>();
        refused.Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(45));
        _meetings.Count.Should().Be(_options.MaxOutstanding);
        _jobs.Enqueued.Should().BeEmpty();
    }

    [Fact]
    public async Task A_repeat_of_a_stored_event_is_answered_as_a_repeat_even_when_the_backlog_is_full()
    {
        var first = await Handle(Command(Schedule()));
        for (var i = 1; i < _options.MaxOutstanding; i++)
            _meetings.Seed(new MeetingBuilder(Now).ForEvent($"evt-waiting-{i}").Pending());

        var again = await Handle(Command(Schedule()));

        again.Accepted.Should().BeFalse();
        again.Meeting.Should().BeEquivalentTo(first.Meeting);
        _jobs.Enqueued.Should().ContainSingle();
    }

    [Fact]
    public async Task A_repeat_of_a_stored_event_is_answered_as_a_repeat_after_the_host_disconnected()
    {
        var first = await Handle(Command(Schedule()));
        var host = (await _connections.FindByZeegUserAsync("zeeg-user-1", CancellationToken.None))!;
        var version = host.Version;
        host.Disconnect(Now);
        (await _connections.UpdateAsync(host, version, CancellationToken.None)).Should().BeTrue();

        var again = await Handle(Command(Schedule()));

        again.Accepted.Should().BeFalse();
        again.Meeting.Should().BeEquivalentTo(first.Meeting);
    }

    [Fact]
    public async Task A_new_event_is_stored_with_one_read_of_the_host_and_none_of_the_meetings()
    {
        await Handle(Command(Schedule()));

        _meetings.Reads.Should().Be(0, "a repeat is recognised by the insert's unique key, not by a read before it");
    }

    [Fact]
    public async Task Event_is_admitted_while_the_backlog_has_room()
    {
        for (var i = 0; i < _options.MaxOutstanding - 1; i++)
            _meetings.Seed(new MeetingBuilder(Now).ForEvent($"evt-waiting-{i}").Pending());

        var result = await Handle(Command(Schedule()));

        result.Accepted.Should().BeTrue();
        _meetings.Count.Should().Be(_options.MaxOutstanding);
    }

    [Fact]
    public async Task Same_event_id_with_the_same_body_is_a_harmless_repeat()
    {
        var first = await Handle(Command(Schedule()));

        var second = await Handle(Command(Schedule()));

        second.Accepted.Should().BeFalse();
        second.Meeting.Should().BeEquivalentTo(first.Meeting);
        _meetings.Count.Should().Be(1);
        _jobs.Enqueued.Should().ContainSingle();
    }

    [Fact]
    public async Task Repeat_with_invitees_in_other_case_and_repeated_is_the_same_body()
    {
        await Handle(Command(Schedule().Inviting("grace@example.com", "alan@example.com")));

        var again = await Handle(Command(Schedule().Inviting("Grace@Example.com", "alan@example.com", "ALAN@example.com")));

        again.Accepted.Should().BeFalse();
    }

    [Theory]
    [InlineData("title", "title")]
    [InlineData("start", "start, end")]
    [InlineData("length", "end")]
    [InlineData("agenda", "agenda")]
    [InlineData("invitees", "invitees")]
    public async Task Same_event_id_with_a_different_body_is_a_conflict_naming_the_difference(string part, string named)
    {
        await Handle(Command(Schedule()));
        var changed = part switch
        {
            "title" => Schedule().Titled("Budget review"),
            "start" => Schedule().StartingAt(Now.AddDays(2).AddHours(1)),
            "length" => Schedule().Lasting(TimeSpan.FromMinutes(45)),
            "agenda" => Schedule().WithAgenda("Another agenda"),
            _ => Schedule().Inviting("alan@example.com"),
        };

        var act = () => Handle(Command(changed));

        var conflict = await act.Should().ThrowAsync<ConflictException>();
        conflict.Which.Message.Should().Contain($"different {named};");
        _meetings.Stored("evt-1").Schedule.Should().Be(Schedule().Build());
        _jobs.Enqueued.Should().ContainSingle();
    }

    [Fact]
    public async Task Same_event_id_for_another_host_is_a_conflict()
    {
        _connections.Seed(new ConnectionBuilder(Now).ForUser("zeeg-user-2").Build());
        await Handle(Command(Schedule()));

        var act = () => Handle(Command(Schedule(), host: "zeeg-user-2"));

        (await act.Should().ThrowAsync<ConflictException>()).Which.Title.Should().Be("Event belongs to another host");
        _meetings.Stored("evt-1").ZeegUserId.Should().Be("zeeg-user-1");
    }

    [Fact]
    public async Task Host_without_a_webex_connection_is_refused_and_nothing_is_stored()
    {
        var act = () => Handle(Command(Schedule(), host: "zeeg-user-unknown"));

        (await act.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("has not connected Webex");
        _meetings.Count.Should().Be(0);
        _jobs.Enqueued.Should().BeEmpty();
    }

    [Fact]
    public async Task Host_whose_connection_needs_a_new_consent_is_refused_and_told_to_reconnect()
    {
        _connections.Seed(new ConnectionBuilder(Now).ForUser("zeeg-user-2").NeedingReauthorization().Build());

        var act = () => Handle(Command(Schedule(), host: "zeeg-user-2"));

        (await act.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("has to reconnect Webex (ReauthorizationRequired)");
        _meetings.Count.Should().Be(0);
    }

    [Fact]
    public async Task Losing_the_insert_race_to_the_same_body_answers_the_winner_as_a_repeat()
    {
        var winner = WebexMeeting.Request("evt-1", "zeeg-user-1", Schedule().Build(), Now);
        _meetings.BeforeNextAdd = () => _meetings.Seed(winner);

        var result = await Handle(Command(Schedule()));

        result.Accepted.Should().BeFalse();
        _meetings.Stored("evt-1").Id.Should().Be(winner.Id);
        _jobs.Enqueued.Should().BeEmpty("the winner's request enqueued its own job");
    }

    [Fact]
    public async Task Losing_the_insert_race_to_a_different_body_is_a_conflict()
    {
        _meetings.BeforeNextAdd = () => _meetings.Seed(WebexMeeting.Request("evt-1", "zeeg-user-1", Schedule().Titled("Other").Build(), Now));

        var act = () => Handle(Command(Schedule()));

        (await act.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("different title");
    }

    private ScheduleBuilder Schedule() => new(Now);

    private static ScheduleEventCommand Command(ScheduleBuilder s, string eventId = "evt-1", string host = "zeeg-user-1") =>
        new(eventId, host, s.Title, s.StartText, s.EndText, ScheduleBuilder.TimeZone, s.Agenda, s.Invitees);

    private async Task<ScheduleEventResult> Handle(ScheduleEventCommand command) =>
        await new ScheduleEventHandler(_connections, _meetings, _jobs, Options.Create(_options), _clock).Handle(command, CancellationToken.None);
}
