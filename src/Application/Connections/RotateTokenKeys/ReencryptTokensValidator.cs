using FluentValidation;

namespace ZeegWebex.Application.Connections.RotateTokenKeys;

public sealed class ReencryptTokensValidator : AbstractValidator<ReencryptTokensCommand>
{
    public ReencryptTokensValidator() => RuleFor(c => c.BatchSize).InclusiveBetween(1, 5000);
}
