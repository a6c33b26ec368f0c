using Microsoft.Extensions.Options;

namespace ZeegWebex.Infrastructure.Jobs;

[OptionsValidator]
public sealed partial class JobOptionsValidator : IValidateOptions<JobOptions>;
