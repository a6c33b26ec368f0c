using FluentValidation;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Meetings.RescheduleEvent;

public sealed class RescheduleEventValidator : AbstractValidator<RescheduleEventCommand>
{
    public RescheduleEventValidator(TimeProvider time)
    {
        RuleFor(c => c.ZeegEventId).MustBeZeegId();
        this.AddScheduleRules(time);
        RuleFor(c => c.Invitees).Must(i => i is null || i.Count <= 100).WithMessage("At most 100 invitees.");
        RuleForEach(c => c.Invitees).NotEmpty().MaximumLength(254).EmailAddress();
    }
}
