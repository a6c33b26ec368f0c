using Microsoft.Extensions.Options;

namespace ZeegWebex.Api.Hosting;

[OptionsValidator]
public sealed partial class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>;
