using FluentValidation;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Meetings.GetMeeting;

public sealed class GetMeetingValidator : AbstractValidator<GetMeetingQuery>
{
    public GetMeetingValidator() => RuleFor(q => q.ZeegEventId).MustBeZeegId();
}
