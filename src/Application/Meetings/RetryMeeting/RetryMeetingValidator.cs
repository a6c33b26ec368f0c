using FluentValidation;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Meetings.RetryMeeting;

public sealed class RetryMeetingValidator : AbstractValidator<RetryMeetingCommand>
{
    public RetryMeetingValidator() => RuleFor(c => c.ZeegEventId).MustBeZeegId();
}
