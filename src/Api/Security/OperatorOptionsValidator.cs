using Microsoft.Extensions.Options;

namespace ZeegWebex.Api.Security;

/// <summary>Written out rather than generated from attributes: outside Development the published development password
/// is refused, and each failure names the index of the operator at fault.</summary>
public sealed class OperatorOptionsValidator(IHostEnvironment environment) : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options)
    {
        var failures = OperatorOptions.Check(options, environment.IsDevelopment());
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
