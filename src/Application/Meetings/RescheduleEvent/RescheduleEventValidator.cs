using FluentValidation;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Meetings.RescheduleEvent;

public sealed class RescheduleEventValidator : AbstractValidator<RescheduleEventCommand>
{
    public RescheduleEventValidator(TimeProvider time)
    {
        RuleFor(c => c.ZeegEventId).MustBeZeegId();
        this.AddScheduleRules(time);
    }
}
