namespace ZeegWebex.Application.Common;

/// <summary>A request broke its validator's rules; nothing was done. The Api answers it with a 400 problem.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
