namespace ZeegWebex.Api.Endpoints;

/// <summary>The cookie that binds a connect to the browser that opened its start link. It holds a random value whose
/// hash is stored with the pending authorization; the callback must bring it back.</summary>
public static class ConnectCookie
{
    public const string Name = "zeegwebex_connect";

    // Lax: Webex sends the browser back with a top-level GET redirect, on which Lax cookies travel; other sites'
    // subrequests and POSTs do not carry it. The path covers the start link (which sets it) and the callback.
    // Secure whenever the browser talks https to us: this request, or the registered public callback (behind a proxy).
    public static void Set(HttpContext http, ConnectLinks links, string value, DateTimeOffset expiresAt) =>
        http.Response.Cookies.Append(Name, value, Options(http.Request.IsHttps || links.PublicIsHttps, expiresAt));

    public static string? Read(HttpContext http) => http.Request.Cookies[Name];

    public static void Delete(HttpContext http, ConnectLinks links) =>
        http.Response.Cookies.Delete(Name, Options(http.Request.IsHttps || links.PublicIsHttps, null));

    private static CookieOptions Options(bool secure, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = true,
        Secure = secure,
        SameSite = SameSiteMode.Lax,
        Path = "/webex",
        Expires = expiresAt,
        IsEssential = true,
    };
}
