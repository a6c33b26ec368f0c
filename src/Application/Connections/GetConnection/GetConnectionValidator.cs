using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Connections.GetConnection;

public sealed class GetConnectionValidator : FluentValidation.AbstractValidator<GetConnectionQuery>
{
    public GetConnectionValidator() => RuleFor(q => q.ZeegUserId).MustBeZeegId();
}
