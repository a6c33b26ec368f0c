using FluentValidation;

namespace ZeegWebex.Application.Meetings;

/// <summary>What a schedulable Zeeg event must look like; shared by schedule and reschedule.</summary>
public interface IEventSchedule
{
    string Title { get; }
    DateTimeOffset Start { get; }
    DateTimeOffset End { get; }
    string TimeZone { get; }
    string? Agenda { get; }
}

internal static class EventScheduleRules
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    public static void AddScheduleRules<T>(this AbstractValidator<T> validator) where T : IEventSchedule
    {
        validator.RuleFor(e => e.Title).NotEmpty().MaximumLength(128)
            .Must(t => t is null || !t.Any(char.IsControl)).WithMessage("'Title' must not contain control characters.");
        validator.AddTextRules();
        validator.RuleFor(e => e.Start).NotEmpty();
        validator.RuleFor(e => e.End).NotEmpty()
            .GreaterThan(e => e.Start).WithMessage("'End' must be after 'Start'.")
            .Must((e, end) => end - e.Start <= MaxDuration).WithMessage("A meeting may last at most 24 hours.");
        validator.RuleFor(e => e.TimeZone).NotEmpty().MaximumLength(64)
            .Must(IsKnownTimeZone).WithMessage("'Time Zone' must be an IANA time zone such as Europe/Berlin.");
        validator.RuleFor(e => e.Agenda).MaximumLength(2500);
    }

    private static bool IsKnownTimeZone(string? id) =>
        !string.IsNullOrEmpty(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
