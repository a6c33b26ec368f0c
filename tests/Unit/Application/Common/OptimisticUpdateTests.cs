using Microsoft.Extensions.Time.Testing;
using ZeegWebex.Application.Common;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.UnitTests.Support;

namespace ZeegWebex.UnitTests.Application.Common;

public sealed class OptimisticUpdateTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeMeetingRepository _meetings = new();

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public async Task A_known_row_still_as_stored_is_written_without_a_read()
    {
        var meeting = new MeetingBuilder(Now).Pending();
        _meetings.Seed(meeting);

        var result = await OptimisticUpdate.ApplyAsync(_meetings, ct => _meetings.FindAsync(meeting.Id, ct), m =>
        {
            m.Fail("gave up", Now);
            return true;
        }, CancellationToken.None, known: _meetings.Stored(meeting.Id));

        result.Written.Should().BeTrue();
        _meetings.Reads.Should().Be(0);
        _meetings.Stored(meeting.Id).Status.Should().Be(MeetingStatus.Failed);
    }

    [Fact]
    public async Task A_stale_known_row_is_read_afresh_and_the_change_decides_on_what_is_stored()
    {
        var meeting = new MeetingBuilder(Now).Pending();
        _meetings.Seed(meeting);
        var stale = _meetings.Stored(meeting.Id);
        var cancelled = _meetings.Stored(meeting.Id);
        cancelled.Cancel(Now);
        (await _meetings.UpdateAsync(cancelled, 1, CancellationToken.None)).Should().BeTrue();

        var seen = new List<MeetingStatus>();
        var result = await OptimisticUpdate.ApplyAsync(_meetings, ct => _meetings.FindAsync(meeting.Id, ct), m =>
        {
            seen.Add(m.Status);
            if (m.IsCancelled) return false;
            m.Fail("gave up", Now);
            return true;
        }, CancellationToken.None, attempts: 1, known: stale);

        seen.Should().Equal(MeetingStatus.Pending, MeetingStatus.Cancelled);
        result.Status.Should().Be(OptimisticUpdateStatus.Unchanged, "the stored row, not the stale copy, had nothing to change");
        _meetings.Stored(meeting.Id).Status.Should().Be(MeetingStatus.Cancelled);
    }

    [Fact]
    public async Task A_change_declined_on_a_known_row_is_asked_again_of_the_row_as_stored()
    {
        var meeting = new MeetingBuilder(Now).Pending();
        _meetings.Seed(meeting);
        var staleLooksDone = _meetings.Stored(meeting.Id);
        staleLooksDone.Fail("an old copy", Now);

        var result = await OptimisticUpdate.ApplyAsync(_meetings, ct => _meetings.FindAsync(meeting.Id, ct), m =>
        {
            if (!m.SyncPending) return false;
            m.Fail("gave up", Now);
            return true;
        }, CancellationToken.None, known: staleLooksDone);

        result.Written.Should().BeTrue("only the stored row can say there is nothing to change");
        _meetings.Stored(meeting.Id).LastError.Should().Be("gave up");
    }
}
