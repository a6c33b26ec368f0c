using FluentValidation;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Meetings.GetMeetingHost;

public sealed class GetMeetingHostValidator : AbstractValidator<GetMeetingHostQuery>
{
    public GetMeetingHostValidator() => RuleFor(q => q.ZeegEventId).MustBeZeegId();
}
