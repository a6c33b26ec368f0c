using ZeegWebex.Domain.Common;

namespace ZeegWebex.Domain.Meetings;

/// <summary>What the Zeeg event asks for: title, when, where in the world the times are meant, and who is invited.
/// One value: two schedules are equal when every part is, the invitees included (compared in order, e-mail addresses
/// without regard to case). The sync job relies on this to tell whether the event moved while Webex was being told.</summary>
public sealed class MeetingSchedule : IEquatable<MeetingSchedule>
{
    public MeetingSchedule(string title, DateTimeOffset start, DateTimeOffset end, string timeZone, string? agenda, IReadOnlyList<string> invitees)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DomainException("A meeting needs a title.");
        if (end <= start) throw new DomainException("A meeting must end after it starts.");
        if (string.IsNullOrWhiteSpace(timeZone)) throw new DomainException("A meeting needs a time zone.");
        ArgumentNullException.ThrowIfNull(invitees);
        Title = title;
        Start = start;
        End = end;
        TimeZone = timeZone;
        Agenda = agenda;
        // A copy: the caller's list must not change this value afterwards.
        Invitees = invitees.ToArray();
    }

    public string Title { get; }
    public DateTimeOffset Start { get; }
    public DateTimeOffset End { get; }
    public string TimeZone { get; }
    public string? Agenda { get; }
    public IReadOnlyList<string> Invitees { get; }

    /// <summary>The names of the parts in which <paramref name="other"/> differs from this schedule.</summary>
    public IReadOnlyList<string> DifferencesFrom(MeetingSchedule other)
    {
        var differences = new List<string>();
        if (!string.Equals(Title, other.Title, StringComparison.Ordinal)) differences.Add("title");
        if (Start != other.Start) differences.Add("start");
        if (End != other.End) differences.Add("end");
        if (!string.Equals(TimeZone, other.TimeZone, StringComparison.Ordinal)) differences.Add("timeZone");
        if (!string.Equals(Agenda ?? "", other.Agenda ?? "", StringComparison.Ordinal)) differences.Add("agenda");
        if (!Invitees.SequenceEqual(other.Invitees, StringComparer.OrdinalIgnoreCase)) differences.Add("invitees");
        return differences;
    }

    public bool Equals(MeetingSchedule? other) =>
        other is not null && (ReferenceEquals(this, other) || DifferencesFrom(other).Count == 0);

    public override bool Equals(object? obj) => Equals(obj as MeetingSchedule);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Title, StringComparer.Ordinal);
        hash.Add(Start);
        hash.Add(End);
        hash.Add(TimeZone, StringComparer.Ordinal);
        hash.Add(Agenda ?? "", StringComparer.Ordinal);
        foreach (var invitee in Invitees) hash.Add(invitee, StringComparer.OrdinalIgnoreCase);
        return hash.ToHashCode();
    }

    public static bool operator ==(MeetingSchedule? left, MeetingSchedule? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(MeetingSchedule? left, MeetingSchedule? right) => !(left == right);

    public override string ToString() => $"MeetingSchedule({Title}, {Start:O}..{End:O} {TimeZone}, {Invitees.Count} invitees)";
}
