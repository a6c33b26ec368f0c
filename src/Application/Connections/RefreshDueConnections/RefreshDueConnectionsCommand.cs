using Mediator;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.RefreshDueConnections;

/// <summary>The recurring refresh: every active connection whose access token (or refresh token) expires soon gets
/// fresh tokens before it lapses, so neither a meeting job nor the dashboard has to refresh on the user's time. Each
/// refresh also moves the refresh token's end 90 days out at Webex, so a connection in the sweep never lapses; and none
/// is refreshed more than once a day, since Webex answers a sooner refresh with the same values
/// (<see cref="Domain.Connections.WebexConnection.IsDueForRefresh"/>).</summary>
public sealed record RefreshDueConnectionsCommand : ICommand<RefreshDueConnectionsResult>;
