using ZeegWebex.Application.Meetings;

namespace ZeegWebex.UnitTests.Application.Meetings;

public sealed class EventTimesTests
{
    [Theory]
    [InlineData("2030-07-10T10:00:00", "Europe/Berlin", "2030-07-10T08:00:00Z")]
    [InlineData("2030-01-10T10:00:00", "Europe/Berlin", "2030-01-10T09:00:00Z")]
    [InlineData("2030-01-10T10:00:00", "America/New_York", "2030-01-10T15:00:00Z")]
    [InlineData("2030-01-10T10:00:00+05:00", "Europe/Berlin", "2030-01-10T05:00:00Z")]
    [InlineData("2030-01-10T10:00:00Z", "Europe/Berlin", "2030-01-10T10:00:00Z")]
    public void A_time_is_read_with_its_offset_or_else_in_the_events_zone(string text, string zone, string expectedUtc)
    {
        EventTimes.TryResolve(text, zone, out var instant, out var error).Should().BeTrue(error);

        instant.Should().Be(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_local_time_the_clocks_skip_is_refused_with_the_reason()
    {
        EventTimes.TryResolve("2030-03-31T02:30:00", "Europe/Berlin", out _, out var error).Should().BeFalse();

        error.Should().Contain("does not exist in Europe/Berlin");
    }

    [Fact]
    public void A_local_time_that_happens_twice_is_its_first_occurrence()
    {
        EventTimes.TryResolve("2030-10-27T02:30:00", "Europe/Berlin", out var instant, out _).Should().BeTrue();

        instant.Offset.Should().Be(TimeSpan.FromHours(2));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a date")]
    [InlineData("2030-07-10")]
    public void Text_that_is_no_date_and_time_is_refused(string text) =>
        EventTimes.TryResolve(text, "Europe/Berlin", out _, out _).Should().BeFalse();

    [Fact]
    public void An_instant_is_shown_in_the_zone_with_that_zones_offset()
    {
        var shown = EventTimes.InZone(new DateTimeOffset(2030, 7, 10, 8, 0, 0, TimeSpan.Zero), "Europe/Berlin");

        shown.Should().Be(new DateTimeOffset(2030, 7, 10, 10, 0, 0, TimeSpan.FromHours(2)));
        shown.Offset.Should().Be(TimeSpan.FromHours(2));
    }
}
