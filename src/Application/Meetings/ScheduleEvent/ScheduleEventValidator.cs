using FluentValidation;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Meetings.ScheduleEvent;

public sealed class ScheduleEventValidator : AbstractValidator<ScheduleEventCommand>
{
    public ScheduleEventValidator(TimeProvider time)
    {
        RuleFor(c => c.ZeegEventId).MustBeZeegId();
        RuleFor(c => c.HostZeegUserId).MustBeZeegId();
        this.AddScheduleRules(time);
        RuleFor(c => c.Invitees).Must(i => i is null || i.Count <= 100).WithMessage("At most 100 invitees.");
        RuleForEach(c => c.Invitees).NotEmpty().MaximumLength(254).EmailAddress();
    }
}
