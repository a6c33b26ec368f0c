using FluentValidation;

namespace ZeegWebex.Application.Connections.OpenConnectLink;

public sealed class OpenConnectLinkValidator : AbstractValidator<OpenConnectLinkCommand>
{
    public OpenConnectLinkValidator() => RuleFor(c => c.StartToken).MaximumLength(128);
}
