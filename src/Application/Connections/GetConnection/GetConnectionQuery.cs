using Mediator;

namespace ZeegWebex.Application.Connections.GetConnection;

/// <summary>Which Webex account the Zeeg user has connected (never the tokens), and a connect that is under way or
/// never came back. <c>ReconnectSoon</c> is true while the refresh token ends within 14 days: refreshing no longer
/// extends it, and the user should reconnect before <c>RefreshTokenExpiresAt</c>; <c>Warning</c> says so in words.</summary>
public sealed record GetConnectionQuery(string ZeegUserId) : IQuery<ConnectionView>;
