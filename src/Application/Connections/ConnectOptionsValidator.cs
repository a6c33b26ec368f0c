using Microsoft.Extensions.Options;

namespace ZeegWebex.Application.Connections;

[OptionsValidator]
public sealed partial class ConnectOptionsValidator : IValidateOptions<ConnectOptions>;
