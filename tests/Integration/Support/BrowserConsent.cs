using System.Net;
using System.Text.RegularExpressions;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>Does what a person's browser does on the simulator's consent page, over real HTTP: opens the
/// authorize URL, submits Accept or Deny, and follows Webex's redirect to our callback.</summary>
public static partial class BrowserConsent
{
    public static Task<HttpResponseMessage> ConsentAsync(
        ZeegWebexHost host, string authorizeUrl, string decision, string email = "alex.host@example.com") =>
        ConsentAsync(host.Client, authorizeUrl, decision, email);

    /// <param name="service">A client of the service (its BaseAddress is where the callback must land).</param>
    public static async Task<HttpResponseMessage> ConsentAsync(
        HttpClient service, string authorizeUrl, string decision, string email = "alex.host@example.com")
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await browser.GetAsync(authorizeUrl);
        page.StatusCode.Should().Be(HttpStatusCode.OK, "the simulator shows its consent page");
        var html = await page.Content.ReadAsStringAsync();
        var requestId = RequestId().Match(html).Groups[1].Value;
        requestId.Should().NotBeEmpty("the consent page carries its request id");

        var decisionUrl = new Uri(new Uri(authorizeUrl), "/v1/authorize/decision");
        var answer = await browser.PostAsync(decisionUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request_id"] = WebUtility.HtmlDecode(requestId),
            ["email"] = email,
            ["decision"] = decision,
        }));
        answer.StatusCode.Should().Be(HttpStatusCode.Redirect, "Webex sends the browser back to the redirect URI");
        var callback = answer.Headers.Location!;
        callback.GetLeftPart(UriPartial.Path).Should().Be(new Uri(service.BaseAddress!, "webex/oauth/callback").AbsoluteUri);
        return await service.GetAsync(callback);
    }

    public static Task<string> StartConnectAsync(ZeegWebexHost host, string zeegUserId, string? returnUrl = null) =>
        StartConnectAsync(host.Client, zeegUserId, returnUrl);

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

    [GeneratedRegex("name=\"request_id\" value=\"([^\"]+)\"")]
    private static partial Regex RequestId();
}
