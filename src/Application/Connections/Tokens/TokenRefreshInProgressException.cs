using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.Application.Connections.Tokens;

/// <summary>Another caller (possibly another service process) held the connection's refresh lease for longer than we
/// wait. Transient: the meeting job retries later, by which time the fresh tokens are stored.</summary>
public sealed class TokenRefreshInProgressException()
    : WebexException("The connection's tokens are being refreshed elsewhere; try again shortly.", null, null, isTransient: true);
