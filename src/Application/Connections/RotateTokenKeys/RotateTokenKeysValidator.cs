using FluentValidation;

namespace ZeegWebex.Application.Connections.RotateTokenKeys;

public sealed class RotateTokenKeysValidator : AbstractValidator<RotateTokenKeysCommand>
{
    public RotateTokenKeysValidator() => RuleFor(c => c.BatchSize).InclusiveBetween(1, 5000);
}
