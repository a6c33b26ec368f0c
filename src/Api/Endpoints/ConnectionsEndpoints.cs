using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ZeegWebex.Application.Connections.Disconnect;
using ZeegWebex.Application.Connections.GetConnection;
using ZeegWebex.Application.Connections.StartConnect;

namespace ZeegWebex.Api.Endpoints;

public static class ConnectionsEndpoints
{
    public sealed record StartConnectBody(string? ReturnUrl);

    /// <param name="AuthorizeUrl">Send the user's browser here: a single-use start link on our host that binds the
    /// connect to that browser and forwards it to Webex.</param>
    /// <param name="LinkExpiresAt">The start link must be opened before this.</param>
    /// <param name="ExpiresAt">The connect must be finished (consent at Webex included) before this.</param>
    /// <param name="HelpUrl">Our public help page, for when Webex shows "Access denied" and never comes back.</param>
    public sealed record StartConnectResponse(string AuthorizeUrl, DateTimeOffset LinkExpiresAt, DateTimeOffset ExpiresAt, string HelpUrl);

    public static RouteGroupBuilder MapConnectionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/users/{zeegUserId}/webex").WithTags("Connections").WithBodyLimit().ProducesCredentialProblems();
        group.MapPost("/connect", StartConnect)
            .WithSummary("Start connecting the user's Webex account: answers the single-use link to send the browser to, and the help page.")
            .ProducesBodyProblems();
        group.MapGet("/connection", GetConnection)
            .WithSummary("The connected Webex account (never the tokens), and a connect that is pending or never came back.")
            .ProducesInputProblems().ProducesNotFound();
        group.MapDelete("/connection", Disconnect)
            .WithSummary("Disconnect Webex: the stored tokens are deleted.")
            .ProducesInputProblems().ProducesNotFound().ProducesConflict();
        return group;
    }

    private static async Task<Ok<StartConnectResponse>> StartConnect(
        string zeegUserId, StartConnectBody? body, IMediator mediator, ConnectLinks links, CancellationToken ct)
    {
        var result = await mediator.Send(new StartConnectCommand(zeegUserId, body?.ReturnUrl), ct);
        return TypedResults.Ok(new StartConnectResponse(
            links.Start(result.StartToken).AbsoluteUri, result.StartLinkExpiresAt, result.ExpiresAt, links.Help.AbsoluteUri));
    }

    private static async Task<Ok<ConnectionView>> GetConnection(string zeegUserId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetConnectionQuery(zeegUserId), ct));

    private static async Task<NoContent> Disconnect(string zeegUserId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DisconnectCommand(zeegUserId), ct);
        return TypedResults.NoContent();
    }
}
