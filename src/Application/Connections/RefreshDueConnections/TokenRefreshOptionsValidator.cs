using Microsoft.Extensions.Options;

namespace ZeegWebex.Application.Connections.RefreshDueConnections;

[OptionsValidator]
public sealed partial class TokenRefreshOptionsValidator : IValidateOptions<TokenRefreshOptions>;
