using Microsoft.Extensions.Options;

namespace ZeegWebex.Api.Security;

[OptionsValidator]
public sealed partial class CredentialLimitsOptionsValidator : IValidateOptions<CredentialLimitsOptions>;
