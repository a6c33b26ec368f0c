using System.Text.RegularExpressions;
using FluentValidation;

namespace ZeegWebex.Application.Common;

/// <summary>Rules shared by every request that names a Zeeg user or event: ids come from the Zeeg main app
/// and end up in URLs, logs and integration tags, so they are short and plain.</summary>
/// <remarks>The alphabet (documented in the README): ASCII letters and digits, then letters, digits and
/// <c>. _ : @ -</c>, at most <see cref="MaxLength"/> characters. The first character must be a letter or a digit,
/// so <c>.</c>, <c>..</c> and ids that a shell or a path would read as an option or a relative path never pass;
/// nothing outside ASCII, no spaces and no control characters (a trailing newline included: <c>\z</c>, not
/// <c>$</c>, ends the pattern).</remarks>
public static partial class ZeegIds
{
    public const int MaxLength = 64;

    public const string Alphabet = "a letter or digit, then letters, digits and . _ : @ -";

    public static IRuleBuilderOptions<T, string> MustBeZeegId<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .MaximumLength(MaxLength)
            .Must(IsValid).WithMessage($"'{{PropertyName}}' must be {Alphabet} (at most {MaxLength} characters).");

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
