using FluentValidation;
using Microsoft.Extensions.Caching.Memory;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Meetings.ListUserMeetings;

public sealed class ListUserMeetingsValidator : AbstractValidator<ListUserMeetingsQuery>
{
    /// <summary>The range a dashboard may ask about. Wide enough for any real calendar, and far enough from the ends
    /// of <see cref="DateTimeOffset"/> that no date arithmetic on a bound can overflow.</summary>
    public static readonly DateTimeOffset EarliestDate = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestDate = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ListUserMeetingsValidator()
    {
        RuleFor(q => q.ZeegUserId).MustBeZeegId();
        RuleFor(q => q.From).InclusiveBetween(EarliestDate, LatestDate).WithMessage("'From' must be between 1970-01-01 and 9000-01-01.");
        RuleFor(q => q.To).InclusiveBetween(EarliestDate, LatestDate).WithMessage("'To' must be between 1970-01-01 and 9000-01-01.");
        RuleFor(q => q.To).GreaterThan(q => q.From).WithMessage("'To' must be after 'From'.")
            .Must((q, to) => to - q.From <= TimeSpan.FromDays(92)).WithMessage("The range may span at most 92 days.");
    }
}
