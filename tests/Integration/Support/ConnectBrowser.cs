using System.Net;
using System.Text.RegularExpressions;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>One person's browser over real HTTP: its own cookie jar, no API key, redirects not followed so each hop
/// can be checked. Opens our start link (which sets the connect cookie), the simulator's consent page, submits the
/// decision and brings Webex's redirect back to our callback.</summary>
public sealed partial class ConnectBrowser : IDisposable
{
    private readonly HttpClient _http;

    public ConnectBrowser()
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true });
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(Uri url) => _http.GetAsync(url);

    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url);

    /// <summary>Opens the start link from the connect answer; expects our redirect to Webex and returns its URL.</summary>
    public async Task<Uri> OpenStartLinkAsync(string startUrl)
    {
        var start = await _http.GetAsync(startUrl);
        start.StatusCode.Should().Be(HttpStatusCode.Redirect, "the start link sends the browser on to Webex: " + await start.Content.ReadAsStringAsync());
        return start.Headers.Location!;
    }

    /// <summary>Opens the start link and the consent page it leads to; returns the consent request id.</summary>
    public async Task<ConsentPage> OpenConsentAsync(string startUrl)
    {
        var authorizeUrl = await OpenStartLinkAsync(startUrl);
        var page = await _http.GetAsync(authorizeUrl);
        page.StatusCode.Should().Be(HttpStatusCode.OK, "the simulator shows its consent page");
        var html = await page.Content.ReadAsStringAsync();
        var requestId = RequestId().Match(html).Groups[1].Value;
        requestId.Should().NotBeEmpty("the consent page carries its request id");
        return new ConsentPage(authorizeUrl, WebUtility.HtmlDecode(requestId));
    }

    /// <summary>Submits Accept or Deny; returns the callback URL Webex redirects to (not yet followed).</summary>
    public async Task<Uri> DecideAsync(ConsentPage consent, string decision, string email = "alex.host@example.com")
    {
        var answer = await _http.PostAsync(new Uri(consent.AuthorizeUrl, "/v1/authorize/decision"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request_id"] = consent.RequestId,
            ["email"] = email,
            ["decision"] = decision,
        }));
        answer.StatusCode.Should().Be(HttpStatusCode.Redirect, "Webex sends the browser back to the redirect URI");
        return answer.Headers.Location!;
    }

    /// <summary>The whole round: start link, consent page, decision, and the callback in this browser.</summary>
    public async Task<HttpResponseMessage> ConsentAsync(Uri service, string startUrl, string decision, string email = "alex.host@example.com")
    {
        var consent = await OpenConsentAsync(startUrl);
        var callback = await DecideAsync(consent, decision, email);
        callback.GetLeftPart(UriPartial.Path).Should().Be(new Uri(service, "webex/oauth/callback").AbsoluteUri);
        return await _http.GetAsync(callback);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"request_id\" value=\"([^\"]+)\"")]
    private static partial Regex RequestId();
}
