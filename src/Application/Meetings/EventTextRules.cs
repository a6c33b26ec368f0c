using System.Globalization;
using FluentValidation;

namespace ZeegWebex.Application.Meetings;

/// <summary>Which characters a title and an agenda may hold. Both go to Webex and into the host's calendar, so a
/// NUL or another control character (which Webex and calendar clients cut at or render as garbage) is refused,
/// and a title must show something: one made only of spaces and invisible characters (zero-width space, joiners,
/// byte-order mark, direction marks) would be a meeting nobody can find.</summary>
internal static class EventTextRules
{
    public static void AddTextRules<T>(this AbstractValidator<T> validator) where T : IEventSchedule
    {
        validator.RuleFor(e => e.Title).Must(t => string.IsNullOrEmpty(t) || HasVisibleCharacter(t))
            .WithMessage("'Title' must contain a visible character, not only spaces or invisible characters.");
        // An agenda is a paragraph or a list: line breaks and tabs are text there; every other control character is not.
        validator.RuleFor(e => e.Agenda).Must(a => a is null || !a.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            .WithMessage("'Agenda' must not contain control characters other than line breaks and tabs.");
    }

    private static bool HasVisibleCharacter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) continue;
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format) continue;
            // U+115F, U+1160, U+3164 and U+FFA0 (Hangul fillers) are letters by category yet render as nothing.
            if (c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0') continue;
            return true;
        }
        return false;
    }
}
