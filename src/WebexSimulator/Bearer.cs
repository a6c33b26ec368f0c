namespace ZeegWebex.WebexSimulator;

internal sealed record Caller(SimPerson Person, string ClientId);

internal static class Bearer
{
    /// <summary>Who is calling, or the 401/403 Webex would answer.</summary>
    public static (Caller? Caller, IResult? Refusal) Check(HttpContext http, SimulatorState state, string scope)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        if (token.Length == 0 || state.FindAccess(token) is not { } access)
        {
            return (null, WebexError.Result(http, StatusCodes.Status401Unauthorized, "The request requires a valid access token set in the Authorization request header."));
        }
        if (!access.Grant.Scopes.Contains(scope, StringComparer.Ordinal))
        {
            return (null, WebexError.Result(http, StatusCodes.Status403Forbidden, $"The server understood the request, but refused to fulfill it because the access token is missing required scopes: {scope}."));
        }
        return (new Caller(access.Person, access.Grant.ClientId), null);
    }
}
