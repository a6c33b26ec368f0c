using Mediator;

namespace ZeegWebex.Application.Connections.Tokens;

/// <summary>Webex refused a connection's refresh token: the connection now needs the user's consent again. Published
/// once that state, its audit entry and Zeeg's notice are stored, for the areas whose work waits on the connection
/// (the meetings) to settle what can no longer reach Webex.</summary>
public sealed record ConnectionReauthorizationRequired(string ZeegUserId, DateTimeOffset At) : INotification;
