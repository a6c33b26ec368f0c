using FluentValidation;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Application.Connections.Disconnect;

public sealed class DisconnectValidator : AbstractValidator<DisconnectCommand>
{
    public DisconnectValidator() => RuleFor(c => c.ZeegUserId).MustBeZeegId();
}
