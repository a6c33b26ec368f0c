using System.Net;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>Does what a person's browser does on the simulator's consent page, over real HTTP: opens the start link
/// the connect answered (getting the connect cookie), submits Accept or Deny, and follows Webex's redirect to our
/// callback, in a fresh browser of its own.</summary>
public static class BrowserConsent
{
    public static Task<HttpResponseMessage> ConsentAsync(
        ZeegWebexHost host, string startUrl, string decision, string email = "alex.host@example.com") =>
        ConsentAsync(host.Client, startUrl, decision, email);

    /// <param name="service">A client of the service (its BaseAddress is where the callback must land).</param>
    public static async Task<HttpResponseMessage> ConsentAsync(
        HttpClient service, string startUrl, string decision, string email = "alex.host@example.com")
    {
        using var browser = new ConnectBrowser();
        return await browser.ConsentAsync(service.BaseAddress!, startUrl, decision, email);
    }

    public static Task<string> StartConnectAsync(ZeegWebexHost host, string zeegUserId, string? returnUrl = null) =>
        StartConnectAsync(host.Client, zeegUserId, returnUrl);

    /// <returns>The start link (<c>authorizeUrl</c> of the connect answer).</returns>
    public static async Task<string> StartConnectAsync(HttpClient service, string zeegUserId, string? returnUrl = null)
    {
        var response = await service.PostAsJsonAsync($"/api/users/{zeegUserId}/webex/connect", new { returnUrl });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("authorizeUrl").GetString()!;
    }

    public static Task<HttpResponseMessage> ConnectAsync(ZeegWebexHost host, string zeegUserId, string email = "alex.host@example.com", string? returnUrl = null) =>
        ConnectAsync(host.Client, zeegUserId, email, returnUrl);

    public static async Task<HttpResponseMessage> ConnectAsync(HttpClient service, string zeegUserId, string email = "alex.host@example.com", string? returnUrl = null)
    {
        var url = await StartConnectAsync(service, zeegUserId, returnUrl);
        return await ConsentAsync(service, url, "accept", email);
    }
}
