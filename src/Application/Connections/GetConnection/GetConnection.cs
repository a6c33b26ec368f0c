using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.GetConnection;

/// <summary>Which Webex account the Zeeg user has connected (never the tokens), and a connect that is under way or
/// never came back. <c>ReconnectSoon</c> is true while the refresh token ends within 14 days: refreshing no longer
/// extends it, and the user should reconnect before <c>RefreshTokenExpiresAt</c>; <c>Warning</c> says so in words.</summary>
public sealed record GetConnectionQuery(string ZeegUserId) : IQuery<ConnectionView>;

/// <param name="Status">Active, ReauthorizationRequired, Disconnected, or NotConnected (no account yet, but a connect
/// was started: see <see cref="PendingConnect"/>). The account fields are null only when NotConnected.</param>
public sealed record ConnectionView(
    string ZeegUserId,
    string Status,
    string? StatusReason,
    string? WebexPersonId,
    string? Email,
    string? DisplayName,
    string? OrgId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? AccessTokenExpiresAt,
    DateTimeOffset? RefreshTokenExpiresAt,
    bool ReconnectSoon,
    string? Warning,
    DateTimeOffset? ConnectedAt,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<ConnectionEventView> RecentEvents,
    PendingConnectView? PendingConnect = null);

public sealed record ConnectionEventView(string Kind, string? Detail, DateTimeOffset At);

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

public sealed class GetConnectionValidator : FluentValidation.AbstractValidator<GetConnectionQuery>
{
    public GetConnectionValidator() => RuleFor(q => q.ZeegUserId).MustBeZeegId();
}
