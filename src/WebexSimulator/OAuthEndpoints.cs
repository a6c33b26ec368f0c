using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ZeegWebex.WebexSimulator;

internal static class OAuthEndpoints
{
    private const string DefaultEmail = "alex.host@example.com";

    public static void MapOAuth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/authorize", Authorize).Simulates(SimOperations.Authorize);
        app.MapPost("/v1/authorize/decision", DecideAsync).Simulates(SimOperations.AuthorizeDecision);
        app.MapPost("/v1/access_token", IssueTokenAsync).Simulates(async http =>
            await GrantTypeAsync(http) switch
            {
                "authorization_code" => SimOperations.TokenAuthorizationCode,
                "refresh_token" => SimOperations.TokenRefresh,
                _ => SimOperations.TokenUnknownGrant,
            });
    }

    private static IResult Authorize(HttpContext http, SimulatorState simulator)
    {
        var query = http.Request.Query;
        var options = simulator.Options;
        string clientId = query["client_id"].ToString();
        string redirectUri = query["redirect_uri"].ToString();
        if (clientId != options.ClientId)
        {
            return WebexError.HtmlPage(http, StatusCodes.Status400BadRequest, "Invalid client", "The client_id is not a registered integration.");
        }
        // Never redirect to an unregistered URI: the error has to be shown here.
        if (!IsRegisteredRedirect(options, redirectUri))
        {
            return WebexError.HtmlPage(http, StatusCodes.Status400BadRequest, "Invalid redirect_uri", "The redirect_uri is not registered for this integration.");
        }

        string requestState = query["state"].ToString();
        var scopes = query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var challenge = query["code_challenge"].ToString();
        var challengeMethod = query["code_challenge_method"].ToString();
        string? problem = null;
        var error = "invalid_request";
        if (query["response_type"] != "code")
        {
            (error, problem) = ("unsupported_response_type", "response_type must be code.");
        }
        else if (string.IsNullOrEmpty(requestState))
        {
            problem = "state is required.";
        }
        else if (scopes.Length == 0)
        {
            (error, problem) = ("invalid_scope", "scope is required.");
        }
        else if (scopes.FirstOrDefault(s => !WebexScopes.Known.ContainsKey(s)) is { } unknown)
        {
            (error, problem) = ("invalid_scope", $"Unknown scope: {unknown}.");
        }
        else if (challenge.Length > 0 && challengeMethod != "S256")
        {
            problem = "code_challenge_method must be S256.";
        }
        if (problem is not null)
        {
            return Results.Redirect(WithQuery(redirectUri, ("error", error), ("error_description", problem), ("state", requestState)));
        }

        // What users of organisations that restrict integrations report: Webex's own page, and no way back to the app.
        if (simulator.IntegrationsRestricted)
        {
            return WebexError.HtmlPage(http, StatusCodes.Status403Forbidden, "Access denied", "Your administrator denied access to the integration you selected");
        }

        var requestId = simulator.BeginConsent(clientId, redirectUri, scopes, requestState, challenge.Length > 0 ? challenge : null);
        var email = query["login_hint"].ToString() is { Length: > 0 } hint ? hint : DefaultEmail;
        return Results.Content(ConsentPage(options, scopes, email, requestId), "text/html; charset=utf-8");
    }

    private static async Task<IResult> DecideAsync(HttpContext http, SimulatorState state)
    {
        if (!http.Request.HasFormContentType)
        {
            return WebexError.HtmlPage(http, StatusCodes.Status400BadRequest, "Bad request", "Expected a form post.");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var consent = state.TakeConsent(form["request_id"].ToString());
        if (consent is null)
        {
            return WebexError.HtmlPage(http, StatusCodes.Status400BadRequest, "Authorization request expired", "Start the authorization again from the application.");
        }
        if (form["decision"] != "accept")
        {
            return Results.Redirect(WithQuery(consent.RedirectUri, ("error", "access_denied"), ("error_description", "The user denied the request."), ("state", consent.State)));
        }
        if (state.AdminApprovalRequired)
        {
            return Results.Redirect(WithQuery(consent.RedirectUri, ("error", "access_denied"), ("error_description", "Your organization requires an administrator to approve this integration."), ("state", consent.State)));
        }
        var email = form["email"].ToString().Trim();
        if (email.Length == 0 || !email.Contains('@'))
        {
            return WebexError.HtmlPage(http, StatusCodes.Status400BadRequest, "Invalid email", "Enter the email address of your Webex account.");
        }
        var code = state.IssueCode(consent, email);
        return Results.Redirect(WithQuery(consent.RedirectUri, ("code", code), ("state", consent.State)));
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext http, SimulatorState state)
    {
        if (!http.Request.HasFormContentType)
        {
            return WebexError.OAuth(http, StatusCodes.Status400BadRequest, "invalid_request", "The body must be application/x-www-form-urlencoded.");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var options = state.Options;
        string clientId = form["client_id"].ToString();
        string clientSecret = form["client_secret"].ToString();
        if (clientId.Length == 0 || clientSecret.Length == 0)
        {
            return WebexError.OAuth(http, StatusCodes.Status400BadRequest, "invalid_request", "client_id and client_secret are required.");
        }
        if (clientId != options.ClientId || clientSecret != options.ClientSecret)
        {
            return WebexError.OAuth(http, StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed.");
        }

        TokenOutcome outcome;
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                string code = form["code"].ToString();
                string redirectUri = form["redirect_uri"].ToString();
                if (code.Length == 0 || redirectUri.Length == 0)
                {
                    return WebexError.OAuth(http, StatusCodes.Status400BadRequest, "invalid_request", "code and redirect_uri are required.");
                }
                outcome = state.RedeemCode(clientId, code, redirectUri, form["code_verifier"].ToString());
                break;
            case "refresh_token":
                string refreshToken = form["refresh_token"].ToString();
                if (refreshToken.Length == 0)
                {
                    return WebexError.OAuth(http, StatusCodes.Status400BadRequest, "invalid_request", "refresh_token is required.");
                }
                outcome = state.Refresh(clientId, refreshToken);
                break;
            default:
                return WebexError.OAuth(http, StatusCodes.Status400BadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token.");
        }

        if (outcome.Tokens is not { } tokens)
        {
            return WebexError.OAuth(http, outcome.Status, outcome.Error!, outcome.Description!);
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = tokens.AccessToken,
            ["expires_in"] = tokens.ExpiresIn,
            ["refresh_token"] = tokens.RefreshToken,
            ["refresh_token_expires_in"] = tokens.RefreshTokenExpiresIn,
            ["token_type"] = "Bearer",
        });
    }

    private static async ValueTask<string> GrantTypeAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return "";
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return form["grant_type"].ToString();
    }

    private static bool IsRegisteredRedirect(SimulatorOptions options, string redirectUri)
    {
        if (options.RedirectUris.Count > 0)
        {
            return options.RedirectUris.Contains(redirectUri, StringComparer.Ordinal);
        }
        return Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Fragment)
            && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
    }

    private static string WithQuery(string uri, params (string Name, string Value)[] parameters)
    {
        var result = uri;
        foreach (var (name, value) in parameters)
        {
            result = QueryHelpers.AddQueryString(result, name, value);
        }
        return result;
    }

    private static string ConsentPage(SimulatorOptions options, IReadOnlyList<string> scopes, string email, string requestId)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var scopeItems = new StringBuilder();
        foreach (var scope in scopes)
        {
            scopeItems.Append($"""<li data-scope="{E(scope)}"><code>{E(scope)}</code> — {E(WebexScopes.Known[scope])}</li>""").Append('\n');
        }
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Webex (simulated) — authorize {E(options.ApplicationName)}</title></head>
            <body>
            <h1>{E(options.ApplicationName)} would like to access your Webex account</h1>
            <p>Client id: <code id="client-id">{E(options.ClientId)}</code></p>
            <ul id="scopes">
            {scopeItems}</ul>
            <form method="post" action="/v1/authorize/decision">
              <input type="hidden" name="request_id" value="{E(requestId)}">
              <label for="email">Webex account email</label>
              <input type="email" id="email" name="email" value="{E(email)}" required>
              <button type="submit" name="decision" value="accept" id="accept">Accept</button>
              <button type="submit" name="decision" value="deny" id="deny" formnovalidate>Deny</button>
            </form>
            </body>
            </html>
            """;
    }
}
