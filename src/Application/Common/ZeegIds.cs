using FluentValidation;

namespace ZeegWebex.Application.Common;

/// <summary>Rules shared by every request that names a Zeeg user or event: ids come from the Zeeg main app
/// and end up in URLs, logs and integration tags, so they are short and plain.</summary>
public static class ZeegIds
{
    public const int MaxLength = 64;

    public static IRuleBuilderOptions<T, string> MustBeZeegId<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .MaximumLength(MaxLength)
            .Matches("^[A-Za-z0-9._:@-]+$").WithMessage("'{PropertyName}' may only contain letters, digits and . _ : @ -");
}
