using Mediator;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Common;
using ZeegWebex.Domain.Connections;

namespace ZeegWebex.Application.Connections.GetConnection;

/// <summary>Which Webex account the Zeeg user has connected (never the tokens). <c>ReconnectSoon</c> is true while the
/// refresh token ends within 14 days: refreshing no longer extends it, and the user should reconnect before
/// <c>RefreshTokenExpiresAt</c>; <c>Warning</c> says so in words.</summary>
public sealed record GetConnectionQuery(string ZeegUserId) : IQuery<ConnectionView>;

public sealed record ConnectionView(
    string ZeegUserId,
    string Status,
    string? StatusReason,
    string WebexPersonId,
    string Email,
    string DisplayName,
    string? OrgId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? AccessTokenExpiresAt,
    DateTimeOffset? RefreshTokenExpiresAt,
    bool ReconnectSoon,
    string? Warning,
    DateTimeOffset ConnectedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ConnectionEventView> RecentEvents);

public sealed record ConnectionEventView(string Kind, string? Detail, DateTimeOffset At);

public sealed class GetConnectionHandler(IConnectionRepository connections, IConnectionAuditLog audit, TimeProvider time)
    : IQueryHandler<GetConnectionQuery, ConnectionView>
{
    public async ValueTask<ConnectionView> Handle(GetConnectionQuery query, CancellationToken cancellationToken)
    {
        var connection = await connections.FindByZeegUserAsync(query.ZeegUserId, cancellationToken)
            ?? throw new NotFoundException($"Zeeg user '{query.ZeegUserId}' has no Webex connection.");
        var events = await audit.ListForZeegUserAsync(query.ZeegUserId, cancellationToken);
        return ToView(connection, events, time.GetUtcNow());
    }

    internal static ConnectionView ToView(WebexConnection c, IReadOnlyList<ConnectionAuditEntry> events, DateTimeOffset now)
    {
        var reconnectSoon = c.NeedsReconnectSoon(now);
        return new(
            c.ZeegUserId, c.Status.ToString(), c.StatusReason, c.Account.PersonId, c.Account.Email, c.Account.DisplayName,
            c.Account.OrgId, c.Scopes, c.AccessTokenExpiresAt, c.RefreshTokenExpiresAt, reconnectSoon,
            reconnectSoon ? $"Webex no longer extends this connection's refresh token; the user has to reconnect Webex before {c.RefreshTokenExpiresAt:O}." : null,
            c.CreatedAt, c.UpdatedAt,
            events.OrderByDescending(e => e.At).Take(20).Select(e => new ConnectionEventView(e.Kind.ToString(), e.Detail, e.At)).ToArray());
    }
}

public sealed class GetConnectionValidator : FluentValidation.AbstractValidator<GetConnectionQuery>
{
    public GetConnectionValidator() => RuleFor(q => q.ZeegUserId).MustBeZeegId();
}
