using ZeegWebex.Domain.Meetings;

namespace ZeegWebex.UnitTests.Support;

/// <summary>A Zeeg event's schedule: by default a 30-minute meeting in Berlin two days after <c>now</c>.</summary>
internal sealed class ScheduleBuilder(DateTimeOffset now)
{
    private string _title = "Design review";
    private DateTimeOffset _start = now.AddDays(2);
    private TimeSpan _duration = TimeSpan.FromMinutes(30);
    private string? _agenda = "Walk through the draft";
    private string[] _invitees = ["grace@example.com"];

    public ScheduleBuilder Titled(string title) { _title = title; return this; }

    public ScheduleBuilder StartingAt(DateTimeOffset start) { _start = start; return this; }

    public ScheduleBuilder Lasting(TimeSpan duration) { _duration = duration; return this; }

    public ScheduleBuilder WithAgenda(string? agenda) { _agenda = agenda; return this; }

    public ScheduleBuilder Inviting(params string[] invitees) { _invitees = invitees; return this; }

    /// <summary>The times as a Zeeg request carries them: ISO 8601 with the Berlin offset.</summary>
    public string StartText => BerlinText(_start);

    public string EndText => BerlinText(_start + _duration);

    public IReadOnlyList<string> Invitees => _invitees;

    public string Title => _title;

    public string? Agenda => _agenda;

    public const string TimeZone = "Europe/Berlin";

    public MeetingSchedule Build() => new(_title, _start, _start + _duration, TimeZone, _agenda, _invitees);

    private static string BerlinText(DateTimeOffset instant) =>
        ZeegWebex.Application.Meetings.EventTimes.InZone(instant, TimeZone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
