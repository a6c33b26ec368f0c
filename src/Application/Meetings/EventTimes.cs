using System.Globalization;
using System.Text.RegularExpressions;

namespace ZeegWebex.Application.Meetings;

/// <summary>How event times are read and shown. A time with an offset (or Z) is that instant; a time without one is a
/// wall-clock time in the event's time zone, as calendar APIs read it. Every answer shows times in the event's zone
/// with that zone's offset at that instant.</summary>
public static partial class EventTimes
{
    /// <summary>Reads <paramref name="text"/>; <paramref name="error"/> says why when it cannot be read.</summary>
    public static bool TryResolve(string? text, string? timeZone, out DateTimeOffset instant, out string? error)
    {
        instant = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is required.";
            return false;
        }

        text = text.Trim();
        if (HasOffset().IsMatch(text))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant)) return true;
            error = "must be an ISO 8601 date and time such as 2030-03-10T10:00:00 or 2030-03-10T10:00:00+01:00.";
            return false;
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local)
            || local.Kind != DateTimeKind.Unspecified || !text.Contains('T', StringComparison.OrdinalIgnoreCase))
        {
            error = "must be an ISO 8601 date and time such as 2030-03-10T10:00:00 or 2030-03-10T10:00:00+01:00.";
            return false;
        }

        if (!TryFindZone(timeZone, out var zone))
        {
            // The time zone rule names the problem; a local time cannot be placed without a zone.
            error = "has no offset, so it is read in 'timeZone', which is not a known IANA time zone.";
            return false;
        }

        if (zone.IsInvalidTime(local))
        {
            error = $"{local:yyyy-MM-dd'T'HH:mm:ss} does not exist in {zone.Id} (the clocks skip it when daylight saving time starts); " +
                    "send a time outside the gap or with an explicit offset.";
            return false;
        }

        // At the end of daylight saving time a wall-clock hour happens twice: take its first occurrence (the larger
        // offset), as calendar applications do.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        instant = new DateTimeOffset(local, offset);
        return true;
    }

    public static DateTimeOffset Resolve(string? text, string timeZone) =>
        TryResolve(text, timeZone, out var instant, out var error)
            ? instant
            : throw new ArgumentException($"The time '{text}' {error}", nameof(text));

    /// <summary>The same instant, expressed in <paramref name="timeZone"/> with that zone's offset (unchanged when
    /// the zone is unknown here).</summary>
    public static DateTimeOffset InZone(DateTimeOffset instant, string? timeZone) =>
        TryFindZone(timeZone, out var zone) ? TimeZoneInfo.ConvertTime(instant, zone) : instant;

    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrEmpty(id) || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) || !found.HasIanaId) return false;
        zone = found;
        return true;
    }

    [GeneratedRegex(@"T\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HasOffset();
}
