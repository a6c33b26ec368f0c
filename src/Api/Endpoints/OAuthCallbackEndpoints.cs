using Mediator;
using Microsoft.AspNetCore.Mvc;
using ZeegWebex.Api.Hosting;
using ZeegWebex.Api.Pages;
using ZeegWebex.Application.Connections.CompleteConnect;
using ZeegWebex.Application.Connections.OpenConnectLink;

namespace ZeegWebex.Api.Endpoints;

/// <summary>Where the user's browser lands: public, answers pages or redirects, never JSON.</summary>
public static class OAuthCallbackEndpoints
{
    public const string CallbackPath = "/webex/oauth/callback";

    public static IEndpointRouteBuilder MapOAuthCallback(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ConnectLinks.StartPath, Start).ExcludeFromDescription().RequireRateLimiting(RateLimits.PublicPages);
        routes.MapGet(CallbackPath, Callback).ExcludeFromDescription().RequireRateLimiting(RateLimits.PublicPages);
        routes.MapGet("/webex/connected", () => HtmlPage.Connected(null)).ExcludeFromDescription().RequireRateLimiting(RateLimits.PublicPages);
        routes.MapGet(ConnectLinks.HelpPath, () => HtmlPage.ConnectHelp()).ExcludeFromDescription().RequireRateLimiting(RateLimits.PublicPages);
        return routes;
    }

    /// <summary>The single-use start link: binds the connect to this browser with a cookie and sends it to Webex.</summary>
    private static async Task<IResult> Start([FromQuery] string? id, HttpContext http, ConnectLinks links, IMediator mediator, CancellationToken ct)
    {
        var outcome = await mediator.Send(new OpenConnectLinkCommand(id), ct);
        switch (outcome)
        {
            case OpenConnectLinkOutcome.Opened opened:
                ConnectCookie.Set(http, links, opened.BindingValue, opened.ExpiresAt);
                return Results.Redirect(opened.AuthorizeUrl.AbsoluteUri);
            case OpenConnectLinkOutcome.Refused refused:
                return HtmlPage.Problem(StatusCodes.Status400BadRequest, "This connect link cannot be used", refused.Reason, refused.ReturnUrl);
            default:
                throw new InvalidOperationException($"Unknown start outcome {outcome.GetType().Name}.");
        }
    }

    private static async Task<IResult> Callback(
        [FromQuery] string? state, [FromQuery] string? code, [FromQuery] string? error,
        [FromQuery(Name = "error_description")] string? errorDescription,
        HttpContext http, ConnectLinks links, IMediator mediator, CancellationToken ct)
    {
        var outcome = await mediator.Send(new CompleteConnectCommand(state, code, error, errorDescription, ConnectCookie.Read(http)), ct);
        // The cookie served its one callback; a rejected one stays, so the right browser can still finish.
        if (outcome is not ConnectOutcome.Rejected) ConnectCookie.Delete(http, links);
        return outcome switch
        {
            ConnectOutcome.Connected c when c.ReturnUrl is not null => Results.Redirect(c.ReturnUrl),
            ConnectOutcome.Connected c => HtmlPage.Connected(c.Account),
            ConnectOutcome.Denied d => HtmlPage.AccessDenied(d.ReturnUrl),
            ConnectOutcome.WebexUnavailable u => HtmlPage.Problem(StatusCodes.Status502BadGateway, "Webex is not answering", u.Reason, u.ReturnUrl),
            ConnectOutcome.Rejected r => HtmlPage.Problem(StatusCodes.Status400BadRequest, "This sign-in cannot be completed", r.Reason, r.ReturnUrl),
            _ => throw new InvalidOperationException($"Unknown connect outcome {outcome.GetType().Name}."),
        };
    }
}
