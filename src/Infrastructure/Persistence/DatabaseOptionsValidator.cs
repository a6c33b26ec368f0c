using Microsoft.Extensions.Options;

namespace ZeegWebex.Infrastructure.Persistence;

[OptionsValidator]
public sealed partial class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>;
