namespace ZeegWebex.Application.Connections.Tokens;

/// <summary>The host's Webex connection cannot be used (missing, disconnected, or needs a new consent).</summary>
public sealed class ConnectionUnavailableException(string message) : Exception(message);
