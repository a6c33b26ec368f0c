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
    }
}
