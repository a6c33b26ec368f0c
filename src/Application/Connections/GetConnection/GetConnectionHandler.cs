using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.GetConnection;

public sealed class GetConnectionHandler(IConnectionRepository connections, IPendingAuthorizationRepository authorizations, IConnectionAuditLog audit, TimeProvider time)
    : IQueryHandler<GetConnectionQuery, ConnectionView>
{
    public const string NotConnected = "NotConnected";

    public async ValueTask<ConnectionView> Handle(GetConnectionQuery query, CancellationToken cancellationToken)
    {
        var connection = await connections.FindByZeegUserAsync(query.ZeegUserId, cancellationToken);
        var latest = await authorizations.FindLatestForZeegUserAsync(query.ZeegUserId, cancellationToken);
        var pending = PendingConnectView.For(latest, time.GetUtcNow());
        if (connection is null && pending is null)
            throw new NotFoundException($"Zeeg user '{query.ZeegUserId}' has no Webex connection.");

        var events = await audit.ListForZeegUserAsync(query.ZeegUserId, cancellationToken);
        var now = time.GetUtcNow();
        return connection is null ? NotConnectedView(query.ZeegUserId, events, pending!) : ToView(connection, events, now, pending);
    }

    internal static ConnectionView ToView(WebexConnection c, IReadOnlyList<ConnectionAuditEntry> events, DateTimeOffset now, PendingConnectView? pending = null)
    {
        var reconnectSoon = c.NeedsReconnectSoon(now);
        return new(
            c.ZeegUserId, c.Status.ToString(), c.StatusReason, c.Account.PersonId, c.Account.Email, c.Account.DisplayName,
            c.Account.OrgId, c.Scopes, c.AccessTokenExpiresAt, c.RefreshTokenExpiresAt, reconnectSoon,
            reconnectSoon ? $"Webex no longer extends this connection's refresh token; the user has to reconnect Webex before {c.RefreshTokenExpiresAt:O}." : null,
            c.CreatedAt, c.UpdatedAt, Recent(events), pending);
    }

    private static ConnectionView NotConnectedView(string zeegUserId, IReadOnlyList<ConnectionAuditEntry> events, PendingConnectView pending) => new(
        zeegUserId, NotConnected, pending.Message, null, null, null, null, [], null, null, false, null, null, null, Recent(events), pending);

    private static ConnectionEventView[] Recent(IReadOnlyList<ConnectionAuditEntry> events) =>
        events.OrderByDescending(e => e.At).Take(20).Select(e => new ConnectionEventView(e.Kind.ToString(), e.Detail, e.At)).ToArray();
}
