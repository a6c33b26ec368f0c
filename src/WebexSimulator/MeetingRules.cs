using System.Globalization;
using System.Text.RegularExpressions;

namespace ZeegWebex.WebexSimulator;

/// <summary>The rules of webex-meeting.json's CreateMeetingObject / PatchMeetingObject /
/// UpdateMeetingObject descriptions that the schemas alone do not carry.</summary>
internal static partial class MeetingRules
{
    public const int MaxTitle = 128;
    public const int MaxAgenda = 1300;
    public const int MaxTags = 3;
    public const int MaxTagLength = 64;
    public const int MaxInvitees = 1000;
    public const int MaxDisplayName = 128;
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxDuration = new(23, 59, 0);

    public static bool HasTimeZoneDatabase { get; } = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Berlin", out _);

    public static string? CheckTitle(string? title) => title switch
    {
        null or { Length: 0 } => "title is required.",
        _ when string.IsNullOrWhiteSpace(title) => "title is required.",
        { Length: > MaxTitle } => $"title can be a maximum of {MaxTitle} characters long.",
        _ => null,
    };

    public static string? CheckAgenda(string? agenda) =>
        agenda is { Length: > MaxAgenda } ? $"agenda can be a maximum of {MaxAgenda} characters long." : null;

    public static string? CheckTags(IReadOnlyList<string> tags)
    {
        if (tags.Count > MaxTags)
        {
            return $"The maximum size of integrationTags is {MaxTags}.";
        }
        return tags.Any(tag => tag.Length is 0 or > MaxTagLength)
            ? $"Each item of integrationTags must have 1 to {MaxTagLength} characters."
            : null;
    }

    public static TimeZoneInfo? FindZone(string timezone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone) ? zone : null;

    public static string? CheckTimezone(string timezone) =>
        HasTimeZoneDatabase && FindZone(timezone) is null ? $"timezone {timezone} is not a valid time zone." : null;

    /// <summary>Webex wants an explicit offset (or Z); a bare local time is refused.</summary>
    public static bool TryParseTime(string? value, out DateTimeOffset instant)
    {
        instant = default;
        return value is not null && ExplicitOffset().IsMatch(value) && TryParseInstant(value, out instant);
    }

    public static bool TryParseInstant(string value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);

    /// <summary>The offset a time was written with must be the zone's offset at that instant;
    /// Webex refuses "timezone ... and timezone offset ... do not match".</summary>
    public static string? CheckOffset(string field, DateTimeOffset time, string timezone)
    {
        if (FindZone(timezone) is not { } zone || zone.GetUtcOffset(time) == time.Offset)
        {
            return null;
        }
        return $"The timezone {timezone} and timezone offset {time.ToString("zzz", CultureInfo.InvariantCulture)} of {field} do not match.";
    }

    /// <summary>Applies the spec's time rules: start and end are kept to the minute (seconds
    /// stripped; a start within the current minute moves to the next minute), neither may be
    /// in the past, and the meeting lasts 10 minutes to 23 hours 59 minutes.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End, string? Error) CheckTimes(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        var currentMinute = ToMinute(now);
        start = ToMinute(start);
        end = ToMinute(end);
        if (start < currentMinute)
        {
            return (start, end, "start cannot be before current date and time.");
        }
        if (start == currentMinute)
        {
            start = start.AddMinutes(1);
        }
        if (end < now)
        {
            return (start, end, "end cannot be before current date and time.");
        }
        if (start > end)
        {
            return (start, end, "start cannot be after end.");
        }
        var duration = end - start;
        if (duration < MinDuration || duration > MaxDuration)
        {
            return (start, end, "Duration between start and end cannot be shorter than 10 minutes or longer than 23 hours 59 minutes.");
        }
        return (start, end, null);
    }

    public static DateTimeOffset ToMinute(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMinute), time.Offset);

    [GeneratedRegex(@"T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitOffset();
}
