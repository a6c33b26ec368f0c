using FluentValidation;

namespace ZeegWebex.Application.Meetings;

/// <summary>We refuse up front what Webex would refuse (webex-contract.md, and the rules in the Meetings spec), so the
/// Zeeg app learns it at once with a 400 instead of from a Failed meeting later.</summary>
internal static class EventScheduleRules
{
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59);
    public const int MaxTitleLength = 128;
    public const int MaxAgendaLength = 1300;
    public const int MaxInvitees = 100;

    public static void AddScheduleRules<T>(this AbstractValidator<T> validator, TimeProvider time) where T : IEventSchedule
    {
        validator.RuleFor(e => e.Title).NotEmpty().MaximumLength(MaxTitleLength)
            .Must(t => t is null || !t.Any(char.IsControl)).WithMessage("'Title' must not contain control characters.");
        validator.AddTextRules();
        validator.RuleFor(e => e.TimeZone).NotEmpty().MaximumLength(64)
            .Must(IsKnownTimeZone).WithMessage("'Time Zone' must be an IANA time zone such as Europe/Berlin.");
        validator.RuleFor(e => e.Agenda).MaximumLength(MaxAgendaLength);
        validator.RuleFor(e => e.Invitees).Must(i => i is null || i.Count <= MaxInvitees).WithMessage($"At most {MaxInvitees} invitees.");
        validator.RuleForEach(e => e.Invitees).NotEmpty().MaximumLength(254).EmailAddress();

        validator.RuleFor(e => e.Start).Custom((text, context) => Readable(text, context.InstanceToValidate.TimeZone, context, "Start"));
        validator.RuleFor(e => e.End).Custom((text, context) => Readable(text, context.InstanceToValidate.TimeZone, context, "End"));

        validator.RuleFor(e => e.Start)
            .Must((e, text) => EventTimes.Resolve(text, e.TimeZone) > time.GetUtcNow())
            .When(e => TryResolve(e.Start, e.TimeZone, out _))
            .WithMessage("'Start' must be in the future: Webex does not schedule meetings in the past.")
            .OverridePropertyName("Start");

        validator.RuleFor(e => e.End)
            .Must((e, _) => Duration(e) >= MinDuration && Duration(e) <= MaxDuration)
            .When(e => TryResolve(e.Start, e.TimeZone, out _) && TryResolve(e.End, e.TimeZone, out _))
            .WithMessage("A Webex meeting lasts from 10 minutes to 23 hours 59 minutes: 'End' must be that long after 'Start'.");
    }

    private static void Readable<T>(string? text, string? timeZone, ValidationContext<T> context, string property)
    {
        if (!EventTimes.TryResolve(text, timeZone, out _, out var error))
            context.AddFailure(property, $"'{property}' {error}");
    }

    private static bool TryResolve(string? text, string? timeZone, out DateTimeOffset instant) =>
        EventTimes.TryResolve(text, timeZone, out instant, out _);

    private static TimeSpan Duration(IEventSchedule e) =>
        EventTimes.Resolve(e.End, e.TimeZone) - EventTimes.Resolve(e.Start, e.TimeZone);

    private static bool IsKnownTimeZone(string? id) => EventTimes.TryFindZone(id, out _);
}
