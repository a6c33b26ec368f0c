using FluentValidation;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Meetings.CancelEvent;

public sealed class CancelEventValidator : AbstractValidator<CancelEventCommand>
{
    public CancelEventValidator() => RuleFor(c => c.ZeegEventId).MustBeZeegId();
}
