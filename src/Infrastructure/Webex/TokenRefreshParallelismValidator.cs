using Microsoft.Extensions.Options;
using ZeegWebex.Application.Connections.RefreshDueConnections;

namespace ZeegWebex.Infrastructure.Webex;

/// <summary>The refresh sweep must leave token-call slots free: with TokenRefresh:MaxParallelism at or above
/// Webex:MaxConcurrentTokenCalls a large sweep would hold all of them, and a meeting sync that needs a fresh token, or a
/// user connecting, would wait behind it.</summary>
public sealed class TokenRefreshParallelismValidator(IOptions<WebexOptions> webex) : WebexDependentOptionsValidator<TokenRefreshOptions>(webex)
{
    protected override ValidateOptionsResult Validate(TokenRefreshOptions options, WebexOptions webex) =>
        options.MaxParallelism < webex.MaxConcurrentTokenCalls
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "TokenRefresh:MaxParallelism must be below Webex:MaxConcurrentTokenCalls: a sweep must leave token calls free for meeting syncs and connects.");
}
