namespace ZeegWebex.Application.Connections.RefreshDueConnections;

/// <param name="Due">Connections the query found due. Those not counted elsewhere were refreshed meanwhile by an
/// on-demand refresh or another node (or were being refreshed there), or changed (reconnect, disconnect) before their
/// turn.</param>
/// <param name="Failed">Webex failed for another reason than rejecting the grant (429, 5xx, timeout), or a token
/// could not be opened; they stay due and the next run tries again.</param>
/// <param name="Deferred">Read as due but not tried: Webex answered a refresh of this run with 429, so the run started no
/// more (and read no further); the next run takes them.</param>
public sealed record RefreshDueConnectionsResult(int Due, int Refreshed, int ReauthorizationRequired, int Failed, int Deferred = 0);
