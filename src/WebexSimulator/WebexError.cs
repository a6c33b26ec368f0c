using System.Globalization;
using System.Net;

namespace ZeegWebex.WebexSimulator;

/// <summary>Webex error answers: every one carries a tracking id in the body and in the TrackingID
/// header, because that is what Webex support asks for and what our client must log.</summary>
internal static class WebexError
{
    public static IResult Result(HttpContext http, int status, string message, int? retryAfterSeconds = null)
    {
        var trackingId = NewTrackingId(http);
        if (retryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return Results.Json(new { message, errors = new[] { new { description = message } }, trackingId }, WebexSimulatorApp.Json, statusCode: status);
    }

    public static IResult OAuth(HttpContext http, int status, string error, string description)
    {
        var trackingId = NewTrackingId(http);
        return Results.Json(
            new Dictionary<string, object>
            {
                ["error"] = error,
                ["error_description"] = description,
                ["message"] = description,
                ["errors"] = new[] { new { description } },
                ["trackingId"] = trackingId,
            },
            WebexSimulatorApp.Json,
            statusCode: status);
    }

    public static IResult Fault(HttpContext http, SimFault fault) =>
        Result(http, fault.Status, MessageFor(fault.Status), fault.RetryAfterSeconds);

    public static IResult HtmlPage(HttpContext http, int status, string title, string detail)
    {
        NewTrackingId(http);
        var body = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title></head>
            <body><h1>{WebUtility.HtmlEncode(title)}</h1><p id="error">{WebUtility.HtmlEncode(detail)}</p></body></html>
            """;
        return Results.Content(body, "text/html; charset=utf-8", statusCode: status);
    }

    public static async Task ConvertUnhandledExceptions(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (Exception) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            http.Response.Clear();
            await Result(http, StatusCodes.Status500InternalServerError, "An unexpected error occurred in the Webex simulator.").ExecuteAsync(http);
        }
    }

    private static string NewTrackingId(HttpContext http)
    {
        var trackingId = $"ROUTER_{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}-{Guid.NewGuid().ToString("N")[..20].ToUpperInvariant()}";
        http.Response.Headers["TrackingID"] = trackingId;
        return trackingId;
    }

    private static string MessageFor(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "Too Many Requests. Retry after the interval in the Retry-After header.",
        StatusCodes.Status423Locked => "The service is temporarily unavailable. Retry after the interval in the Retry-After header.",
        StatusCodes.Status502BadGateway => "Bad Gateway.",
        StatusCodes.Status503ServiceUnavailable => "Service Unavailable.",
        StatusCodes.Status504GatewayTimeout => "Gateway Timeout.",
        >= 500 => "Internal Server Error.",
        _ => ReasonPhrase(status),
    };

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : "Simulated failure.";
}
