using Mediator;

namespace ZeegWebex.Application.Connections.Disconnect;

/// <summary>The user disconnects Webex. Webex has no token revocation for integrations, so disconnecting means
/// our stored tokens are deleted; the user can remove the app in their Webex settings.</summary>
public sealed record DisconnectCommand(string ZeegUserId) : ICommand;
