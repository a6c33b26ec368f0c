using FluentValidation;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Users.EraseUserData;

public sealed class EraseUserDataValidator : AbstractValidator<EraseUserDataCommand>
{
    public EraseUserDataValidator() => RuleFor(c => c.ZeegUserId).MustBeZeegId();
}
