using ZeegWebex.Application.Abstractions;

namespace ZeegWebex.UnitTests.Support;

internal static class WebexFailures
{
    public static WebexException Unavailable(TimeSpan? retryAfter = null) =>
        new("Webex answered 503.", 503, "tracking-503", isTransient: true, retryAfter);

    public static WebexException GatewayTimeout() => new("Webex did not answer in time.", 504, "tracking-504", isTransient: true);

    public static WebexException BadRequest() => new("Webex refused the request: invalid start.", 400, "tracking-400", isTransient: false);

    public static WebexException Unauthorized() => new("Webex answered 401.", 401, "tracking-401", isTransient: false);

    public static WebexGrantRejectedException GrantRejected() => new("invalid_grant", "The refresh token expired.", "tracking-grant");
}
