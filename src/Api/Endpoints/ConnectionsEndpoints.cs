using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ZeegWebex.Application.Connections.Disconnect;
using ZeegWebex.Application.Connections.GetConnection;
using ZeegWebex.Application.Connections.StartConnect;

namespace ZeegWebex.Api.Endpoints;

public static class ConnectionsEndpoints
{
    public sealed record StartConnectBody(string? ReturnUrl);

    public sealed record StartConnectResponse(string AuthorizeUrl, DateTimeOffset ExpiresAt);

    public static RouteGroupBuilder MapConnectionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/users/{zeegUserId}/webex").WithTags("Connections").WithBodyLimit();
        group.MapPost("/connect", StartConnect)
            .WithSummary("Start connecting the user's Webex account: answers the Webex authorize URL to send the browser to.");
        group.MapGet("/connection", GetConnection)
            .WithSummary("The connected Webex account (never the tokens).");
        group.MapDelete("/connection", Disconnect)
            .WithSummary("Disconnect Webex: the stored tokens are deleted.");
        return group;
    }

    private static async Task<Ok<StartConnectResponse>> StartConnect(
        string zeegUserId, StartConnectBody? body, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new StartConnectCommand(zeegUserId, body?.ReturnUrl), ct);
        return TypedResults.Ok(new StartConnectResponse(result.AuthorizeUrl.AbsoluteUri, result.ExpiresAt));
    }

    private static async Task<Ok<ConnectionView>> GetConnection(string zeegUserId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetConnectionQuery(zeegUserId), ct));

    private static async Task<NoContent> Disconnect(string zeegUserId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DisconnectCommand(zeegUserId), ct);
        return TypedResults.NoContent();
    }
}
