using Microsoft.Extensions.Options;

namespace ZeegWebex.Api.Security;

/// <summary>Written out rather than generated from attributes: what is acceptable depends on the environment (outside
/// Development the published development key is refused) and each failure names the index of the key at fault.</summary>
public sealed class ApiAuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiAuthOptions options)
    {
        var failures = ApiAuthOptions.Check(options, environment.IsDevelopment());
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
