using Mediator;
using Microsoft.AspNetCore.Mvc;
using ZeegWebex.Api.Pages;
using ZeegWebex.Application.Connections.CompleteConnect;

namespace ZeegWebex.Api.Endpoints;

/// <summary>Where the user's browser lands: public, answers pages or redirects, never JSON.</summary>
public static class OAuthCallbackEndpoints
{
    public const string CallbackPath = "/webex/oauth/callback";

    public static IEndpointRouteBuilder MapOAuthCallback(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(CallbackPath, Callback).ExcludeFromDescription().RequireRateLimiting(RateLimits.PublicPages);
        routes.MapGet("/webex/connected", () => HtmlPage.Connected(null)).ExcludeFromDescription().RequireRateLimiting(RateLimits.PublicPages);
        return routes;
    }

    private static async Task<IResult> Callback(
        [FromQuery] string? state, [FromQuery] string? code, [FromQuery] string? error,
        [FromQuery(Name = "error_description")] string? errorDescription,
        IMediator mediator, CancellationToken ct)
    {
        var outcome = await mediator.Send(new CompleteConnectCommand(state, code, error, errorDescription), ct);
        return outcome switch
        {
            ConnectOutcome.Connected c when c.ReturnUrl is not null => Results.Redirect(c.ReturnUrl),
            ConnectOutcome.Connected c => HtmlPage.Connected(c.Account),
            ConnectOutcome.Denied d => HtmlPage.AccessDenied(d.RetryUrl),
            ConnectOutcome.WebexUnavailable u => HtmlPage.Problem(StatusCodes.Status502BadGateway, "Webex is not answering", u.Reason, u.RetryUrl),
            ConnectOutcome.Rejected r => HtmlPage.Problem(StatusCodes.Status400BadRequest, "This sign-in cannot be completed", r.Reason, r.RetryUrl),
            _ => throw new InvalidOperationException($"Unknown connect outcome {outcome.GetType().Name}."),
        };
    }
}
