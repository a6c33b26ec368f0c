namespace ZeegWebex.Application.Connections.Tokens;

public enum RefreshResult
{
    NotDue,
    Refreshed,
    ReauthorizationRequired,

    /// <summary>The row changed while Webex was asked (a reconnect or disconnect won); nothing was written.</summary>
    Superseded,

    /// <summary>Another caller (possibly another service process) holds the refresh lease and is refreshing it.</summary>
    Busy,
}
