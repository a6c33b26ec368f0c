using Microsoft.Extensions.Options;

namespace ZeegWebex.Infrastructure;

[OptionsValidator]
public sealed partial class DataFolderOptionsValidator : IValidateOptions<DataFolderOptions>;
