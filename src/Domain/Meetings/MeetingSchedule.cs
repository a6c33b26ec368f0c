using ZeegWebex.Domain.Common;

namespace ZeegWebex.Domain.Meetings;

/// <summary>What the Zeeg event asks for: title, when, and where in the world the times are meant.</summary>
public sealed record MeetingSchedule
{
    public MeetingSchedule(string title, DateTimeOffset start, DateTimeOffset end, string timeZone, string? agenda, IReadOnlyList<string> invitees)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DomainException("A meeting needs a title.");
        if (end <= start) throw new DomainException("A meeting must end after it starts.");
        if (string.IsNullOrWhiteSpace(timeZone)) throw new DomainException("A meeting needs a time zone.");
        Title = title;
        Start = start;
        End = end;
        TimeZone = timeZone;
        Agenda = agenda;
        Invitees = invitees;
    }

    public string Title { get; }
    public DateTimeOffset Start { get; }
    public DateTimeOffset End { get; }
    public string TimeZone { get; }
    public string? Agenda { get; }
    public IReadOnlyList<string> Invitees { get; }
}
