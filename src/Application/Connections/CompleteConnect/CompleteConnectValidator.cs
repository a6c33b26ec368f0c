using FluentValidation;

namespace ZeegWebex.Application.Connections.CompleteConnect;

/// <summary>Only sizes are checked here: a missing or bad state is an outcome the user sees as a page, not a 400.</summary>
public sealed class CompleteConnectValidator : AbstractValidator<CompleteConnectCommand>
{
    public CompleteConnectValidator()
    {
        RuleFor(c => c.State).MaximumLength(512);
        RuleFor(c => c.Code).MaximumLength(2048);
        RuleFor(c => c.Error).MaximumLength(128);
        RuleFor(c => c.ErrorDescription).MaximumLength(1024);
        RuleFor(c => c.Binding).MaximumLength(128);
    }
}
