using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Domain.Connections;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Connections;

public sealed class ConnectFlowTests : IAsyncLifetime
{
    private readonly ShiftedTime _time = new();
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await ZeegWebexHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(_time));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Authorize_url_asks_for_exactly_the_three_scopes_with_state_and_pkce()
    {
        using var browser = new ConnectBrowser();
        var url = await browser.OpenStartLinkAsync(await BrowserConsent.StartConnectAsync(_host, "user-1"));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);

        url.GetLeftPart(UriPartial.Path).Should().Be(new Uri(_host.Simulator.ApiBaseAddress, "authorize").AbsoluteUri);
        query["scope"]!.Split(' ').Should().BeEquivalentTo("meeting:schedules_read", "meeting:schedules_write", "spark:people_read");
        query["response_type"].Should().Be("code");
        query["client_id"].Should().Be(ZeegWebexHost.ClientId);
        query["code_challenge_method"].Should().Be("S256");
        query["code_challenge"].Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
        query["state"].Should().HaveLength(43);
    }

    [Fact]
    public async Task Connect_answers_a_start_link_on_our_host_and_our_help_page_and_no_webex_url()
    {
        var response = await _host.Client.PostAsJsonAsync("/api/users/user-start/webex/connect", new { });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var start = new Uri(body.GetProperty("authorizeUrl").GetString()!);
        start.GetLeftPart(UriPartial.Path).Should().Be(new Uri(_host.BaseAddress, "webex/connect/start").AbsoluteUri);
        start.AbsoluteUri.Should().NotContain("state=").And.NotContain(_host.Simulator.ApiBaseAddress.Authority);
        body.GetProperty("linkExpiresAt").GetDateTimeOffset().Should().BeOnOrBefore(body.GetProperty("expiresAt").GetDateTimeOffset());

        var helpUrl = new Uri(body.GetProperty("helpUrl").GetString()!);
        helpUrl.GetLeftPart(UriPartial.Authority).Should().Be(_host.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var anonymous = new HttpClient();
        var help = await anonymous.GetAsync(helpUrl);
        help.StatusCode.Should().Be(HttpStatusCode.OK);
        help.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await help.Content.ReadAsStringAsync()).Should().Contain("Access denied").And.Contain("Control Hub").And.Contain("administrator");
    }

    [Fact]
    public async Task Start_link_sets_an_httponly_lax_binding_cookie_and_redirects_to_webex()
    {
        var startUrl = await BrowserConsent.StartConnectAsync(_host, "user-cookie");
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        var start = await browser.GetAsync(startUrl);

        start.StatusCode.Should().Be(HttpStatusCode.Redirect);
        start.Headers.Location!.AbsoluteUri.Should().StartWith(new Uri(_host.Simulator.ApiBaseAddress, "authorize?").AbsoluteUri);
        var cookie = start.Headers.GetValues("Set-Cookie").Should().ContainSingle().Subject;
        cookie.Should().StartWith("zeegwebex_connect=");
        cookie.ToLowerInvariant().Should().Contain("httponly").And.Contain("samesite=lax").And.Contain("path=/webex").And.Contain("expires=");
        cookie.ToLowerInvariant().Should().NotContain("secure", "the test host is plain http");
        var value = cookie["zeegwebex_connect=".Length..cookie.IndexOf(';')];
        value.Length.Should().BeGreaterThanOrEqualTo(43);
        (await _host.ReadDatabaseBytesAsync()).AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)).Should().Be(-1, "only a hash of the binding is stored");
    }

    [Fact]
    public async Task Behind_an_https_public_address_links_use_it_and_the_cookie_is_secure()
    {
        await using var behindProxy = await ZeegWebexHost.StartAsync(new Dictionary<string, string?>
        {
            ["Webex:RedirectUri"] = "https://connect.zeeg.test/webex/oauth/callback",
        });
        var response = await behindProxy.Client.PostAsJsonAsync("/api/users/user-tls/webex/connect", new { });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var startUrl = new Uri(body.GetProperty("authorizeUrl").GetString()!);
        startUrl.GetLeftPart(UriPartial.Path).Should().Be("https://connect.zeeg.test/webex/connect/start");
        body.GetProperty("helpUrl").GetString().Should().Be("https://connect.zeeg.test/webex/help/connect");
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        // The proxy forwards plain http to the service.
        var start = await browser.GetAsync(new Uri(behindProxy.BaseAddress, startUrl.PathAndQuery));

        start.StatusCode.Should().Be(HttpStatusCode.Redirect);
        start.Headers.GetValues("Set-Cookie").Single().ToLowerInvariant().Should().Contain("; secure");
    }

    [Fact]
    public async Task Start_link_works_once()
    {
        var startUrl = await BrowserConsent.StartConnectAsync(_host, "user-once");
        using var first = new ConnectBrowser();
        using var second = new ConnectBrowser();
        await first.OpenStartLinkAsync(startUrl);

        var again = await second.GetAsync(startUrl);

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        again.Headers.Location.Should().BeNull();
        again.Headers.Contains("Set-Cookie").Should().BeFalse();
        var page = await again.Content.ReadAsStringAsync();
        page.Should().Contain("already used").And.NotContain(_host.Simulator.ApiBaseAddress.AbsoluteUri + "authorize");
    }

    [Fact]
    public async Task Start_link_that_was_not_opened_in_time_is_refused_and_points_back_to_zeeg()
    {
        var startUrl = await BrowserConsent.StartConnectAsync(_host, "user-late", "https://app.zeeg.test/settings/integrations");
        _time.Advance(TimeSpan.FromMinutes(6));
        using var browser = new ConnectBrowser();

        var response = await browser.GetAsync(startUrl);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("expired").And.Contain("href=\"https://app.zeeg.test/settings/integrations\"");
        page.Should().NotContain(_host.Simulator.ApiBaseAddress.AbsoluteUri + "authorize");
        _host.Simulator.State.CallCount("authorize").Should().Be(0);
    }

    [Fact]
    public async Task Unknown_start_link_is_refused()
    {
        using var browser = new ConnectBrowser();

        var response = await browser.GetAsync(new Uri(_host.BaseAddress, "/webex/connect/start?id=made-up"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain("unknown");
    }

    [Fact]
    public async Task Accepting_consent_stores_the_connection_with_encrypted_tokens_and_shows_the_webex_account()
    {
        var callback = await BrowserConsent.ConnectAsync(_host, "user-1", "alex.host@example.com");

        callback.StatusCode.Should().Be(HttpStatusCode.OK);
        (await callback.Content.ReadAsStringAsync()).Should().Contain("Webex is connected").And.Contain("alex.host@example.com");
        callback.Headers.GetValues("Set-Cookie").Should().ContainSingle(c => c.StartsWith("zeegwebex_connect=;"), "the used binding cookie is deleted");

        var response = await _host.Client.GetAsync("/api/users/user-1/webex/connection");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;
        var person = _host.Simulator.State.FindPerson("alex.host@example.com")!;
        body.GetProperty("status").GetString().Should().Be("Active");
        body.GetProperty("email").GetString().Should().Be("alex.host@example.com");
        body.GetProperty("webexPersonId").GetString().Should().Be(person.Id);
        body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Should()
            .BeEquivalentTo("meeting:schedules_read", "meeting:schedules_write", "spark:people_read");

        var secrets = _host.Simulator.State.IssuedSecrets();
        secrets.Should().NotBeEmpty();
        foreach (var secret in secrets) text.Should().NotContain(secret);

        var stored = await ReadStoredTokensAsync("user-1");
        stored.Access.Should().NotBeNull();
        stored.Refresh.Should().NotBeNull();
        var databaseBytes = await _host.ReadDatabaseBytesAsync();
        foreach (var secret in secrets)
            databaseBytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).Should().Be(-1, "no token is stored in plaintext");
    }

    [Fact]
    public async Task Accepting_consent_with_a_return_url_sends_the_browser_back_to_zeeg()
    {
        var callback = await BrowserConsent.ConnectAsync(_host, "user-2", returnUrl: "https://app.zeeg.test/settings/integrations");

        callback.StatusCode.Should().Be(HttpStatusCode.Redirect);
        callback.Headers.Location!.AbsoluteUri.Should().Be("https://app.zeeg.test/settings/integrations");
        (await _host.Client.GetAsync("/api/users/user-2/webex/connection")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Return_url_outside_the_allowed_prefixes_is_rejected_and_nothing_is_written()
    {
        var response = await _host.Client.PostAsJsonAsync("/api/users/user-3/webex/connect", new { returnUrl = "https://evil.example/steal" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("returnUrl");
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(0);
    }

    [Theory]
    [InlineData("https://app.zeeg.test/einstellungen/überblick")]
    [InlineData("https://app.zeeg.test/settings integrations")]
    [InlineData("https://app.zeeg.test/settings\u0000")]
    [InlineData("/settings/integrations")]
    [InlineData("https://user:pw@app.zeeg.test/settings")]
    public async Task Return_url_that_is_not_an_absolute_ascii_url_is_rejected_and_nothing_is_written(string returnUrl)
    {
        var response = await _host.Client.PostAsJsonAsync("/api/users/user-3b/webex/connect", new { returnUrl });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("returnUrl");
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(0);
    }

    [Fact]
    public async Task Percent_encoded_return_url_is_normalised_and_the_browser_is_sent_back_to_it()
    {
        var callback = await BrowserConsent.ConnectAsync(_host, "user-3c", returnUrl: "HTTPS://APP.zeeg.test/einstellungen/%C3%BCberblick?tab=webex");

        callback.StatusCode.Should().Be(HttpStatusCode.Redirect);
        callback.Headers.Location!.OriginalString.Should().Be("https://app.zeeg.test/einstellungen/%C3%BCberblick?tab=webex");
    }

    [Theory]
    [InlineData("has spaces")]
    [InlineData("x123456789x123456789x123456789x123456789x123456789x123456789x1234")]
    [InlineData("quote'--")]
    public async Task Invalid_zeeg_user_id_is_a_problem_and_nothing_is_written(string zeegUserId)
    {
        var response = await _host.Client.PostAsJsonAsync($"/api/users/{Uri.EscapeDataString(zeegUserId)}/webex/connect", new { });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(0);
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_and_nothing_is_written()
    {
        var response = await _host.Client.PostAsync("/api/users/user-4/webex/connect",
            new StringContent("{\"returnUrl\": ", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(0);
    }

    [Fact]
    public async Task Denying_consent_shows_the_admin_approval_page_records_it_and_stores_no_connection()
    {
        var url = await BrowserConsent.StartConnectAsync(_host, "user-5");

        var callback = await BrowserConsent.ConsentAsync(_host, url, "deny");

        callback.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var page = await callback.Content.ReadAsStringAsync();
        page.Should().Contain("administrator").And.Contain("Control Hub").And.Contain("start connecting again from Zeeg");
        page.Should().NotContain(_host.Simulator.ApiBaseAddress.AbsoluteUri + "authorize", "a new sign-in only ever comes from Zeeg");
        (await _host.Client.GetAsync("/api/users/user-5/webex/connection")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _host.CountRowsAsync("webex_connections")).Should().Be(0);
        var audit = await _host.GetRequiredService<IConnectionAuditLog>().ListForZeegUserAsync("user-5", CancellationToken.None);
        audit.Should().ContainSingle(e => e.Kind == ConnectionAuditKind.AccessDenied);
    }

    [Fact]
    public async Task When_the_org_requires_admin_approval_the_page_explains_it_and_a_new_connect_from_zeeg_works_once_approved()
    {
        _host.Simulator.State.RequireAdminApproval(true);
        var url = await BrowserConsent.StartConnectAsync(_host, "user-6", "https://app.zeeg.test/settings/integrations");

        var denied = await BrowserConsent.ConsentAsync(_host, url, "accept");

        denied.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var page = await denied.Content.ReadAsStringAsync();
        page.Should().Contain("Control Hub");
        var back = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "id=\"start-again\" href=\"([^\"]+)\"").Groups[1].Value);
        back.Should().Be("https://app.zeeg.test/settings/integrations", "trying again starts from Zeeg");
        page.Should().NotContain(_host.Simulator.ApiBaseAddress.AbsoluteUri + "authorize");
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(1, "a denial makes no new authorization");

        _host.Simulator.State.RequireAdminApproval(false);
        var retried = await BrowserConsent.ConnectAsync(_host, "user-6");

        retried.StatusCode.Should().Be(HttpStatusCode.OK);
        (await _host.Client.GetAsync("/api/users/user-6/webex/connection")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Callback_with_replayed_state_is_rejected_and_changes_nothing()
    {
        using var browser = new ConnectBrowser();
        var consent = await browser.OpenConsentAsync(await BrowserConsent.StartConnectAsync(_host, "user-7"));
        var callbackUrl = await browser.DecideAsync(consent, "accept");
        var first = await browser.GetAsync(callbackUrl);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var before = await ReadStoredTokensAsync("user-7");
        var authorizations = await _host.CountRowsAsync("oauth_authorizations");

        // The same callback URL again in the same browser, e.g. from its history.
        var replay = await browser.GetAsync(callbackUrl);

        replay.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var page = await replay.Content.ReadAsStringAsync();
        page.Should().Contain("already used").And.NotContain(_host.Simulator.ApiBaseAddress.AbsoluteUri + "authorize");
        var after = await ReadStoredTokensAsync("user-7");
        after.Version.Should().Be(before.Version);
        after.Access.Should().Equal(before.Access!);
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(authorizations, "a spent state never starts a new sign-in");
        _host.Simulator.State.CallCount("token.authorization_code").Should().Be(1);
    }

    [Theory]
    [InlineData("access_denied")]
    [InlineData("server_error")]
    public async Task Expired_state_with_an_error_yields_no_new_sign_in_and_stores_nothing(string error)
    {
        using var browser = new ConnectBrowser();
        var authorizeUrl = await browser.OpenStartLinkAsync(await BrowserConsent.StartConnectAsync(_host, "user-old", "https://app.zeeg.test/settings"));
        var state = System.Web.HttpUtility.ParseQueryString(authorizeUrl.Query)["state"]!;
        _time.Advance(TimeSpan.FromMinutes(11));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var response = await browser.GetAsync(new Uri(_host.BaseAddress, $"/webex/oauth/callback?error={error}&state={Uri.EscapeDataString(state)}"));

            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var page = await response.Content.ReadAsStringAsync();
            page.Should().Contain("expired").And.Contain("start connecting again from Zeeg").And.Contain("href=\"https://app.zeeg.test/settings\"");
            page.Should().NotContain(_host.Simulator.ApiBaseAddress.AbsoluteUri + "authorize");
        }
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(1, "no callback creates an authorization");
        (await _host.CountRowsAsync("webex_connections")).Should().Be(0);
        (await _host.CountRowsAsync("connection_events")).Should().Be(0);
    }

    [Fact]
    public async Task Callback_in_another_browser_without_the_cookie_stores_nothing_and_the_starting_browser_can_still_finish()
    {
        using var starter = new ConnectBrowser();
        using var other = new ConnectBrowser();
        var consent = await starter.OpenConsentAsync(await BrowserConsent.StartConnectAsync(_host, "user-bound"));
        var callbackUrl = await starter.DecideAsync(consent, "accept", "mallory@example.com");

        var elsewhere = await other.GetAsync(callbackUrl);

        elsewhere.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var page = await elsewhere.Content.ReadAsStringAsync();
        page.Should().Contain("different browser").And.NotContain(_host.Simulator.ApiBaseAddress.AbsoluteUri + "authorize");
        (await _host.CountRowsAsync("webex_connections")).Should().Be(0);
        _host.Simulator.State.CallCount("token.authorization_code").Should().Be(0, "the code is never redeemed for the wrong browser");

        var home = await starter.GetAsync(callbackUrl);
        home.StatusCode.Should().Be(HttpStatusCode.OK);
        (await _host.CountRowsAsync("webex_connections")).Should().Be(1);
    }

    [Fact]
    public async Task Callback_for_another_user_in_a_browser_bound_to_its_own_connect_stores_nothing_for_either()
    {
        using var victim = new ConnectBrowser();
        using var attacker = new ConnectBrowser();
        var victimStart = await BrowserConsent.StartConnectAsync(_host, "user-victim");
        var attackerConsent = await attacker.OpenConsentAsync(await BrowserConsent.StartConnectAsync(_host, "user-attacker"));
        // The attacker got hold of the victim's authorize URL (its state) and completes it with their own Webex account.
        var victimAuthorize = await victim.OpenStartLinkAsync(victimStart);
        var hijack = await attacker.GetAsync(victimAuthorize);
        hijack.StatusCode.Should().Be(HttpStatusCode.OK);
        var hijackId = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(await hijack.Content.ReadAsStringAsync(), "name=\"request_id\" value=\"([^\"]+)\"").Groups[1].Value);
        var callbackUrl = await attacker.DecideAsync(new ConsentPage(victimAuthorize, hijackId), "accept", "attacker@example.com");

        var response = await attacker.GetAsync(callbackUrl);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _host.CountRowsAsync("webex_connections")).Should().Be(0);
        (await _host.Client.GetAsync("/api/users/user-victim/webex/connection")).StatusCode.Should().Be(HttpStatusCode.OK, "the victim's connect is still pending");
        var view = await _host.Client.GetFromJsonAsync<JsonElement>("/api/users/user-victim/webex/connection");
        view.GetProperty("status").GetString().Should().Be("NotConnected");
        view.GetProperty("pendingConnect").GetProperty("status").GetString().Should().Be("Pending");

        // The attacker's own connect, in their own browser, is unaffected.
        var own = await attacker.GetAsync(await attacker.DecideAsync(attackerConsent, "accept", "attacker@example.com"));
        own.StatusCode.Should().Be(HttpStatusCode.OK);
        (await _host.Client.GetFromJsonAsync<JsonElement>("/api/users/user-attacker/webex/connection")).GetProperty("status").GetString().Should().Be("Active");
        (await _host.CountRowsAsync("webex_connections")).Should().Be(1);
    }

    [Fact]
    public async Task Callback_with_forged_state_is_rejected_and_stores_nothing()
    {
        var response = await _host.Client.GetAsync("/webex/oauth/callback?code=anything&state=forged-state-value");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await _host.CountRowsAsync("webex_connections")).Should().Be(0);
        _host.Simulator.State.CallCount("token.authorization_code").Should().Be(0, "a forged state never reaches Webex");
    }

    [Fact]
    public async Task Callback_after_the_state_expired_is_rejected_and_stores_nothing()
    {
        using var browser = new ConnectBrowser();
        var consent = await browser.OpenConsentAsync(await BrowserConsent.StartConnectAsync(_host, "user-8"));
        _time.Advance(TimeSpan.FromMinutes(11));

        var response = await browser.GetAsync(await browser.DecideAsync(consent, "accept"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("expired").And.NotContain(_host.Simulator.ApiBaseAddress.AbsoluteUri + "authorize");
        (await _host.CountRowsAsync("webex_connections")).Should().Be(0);
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(1);
        _host.Simulator.State.CallCount("token.authorization_code").Should().Be(0);
    }

    [Fact]
    public async Task Connect_blocked_by_webex_org_policy_shows_pending_then_not_completed_with_control_hub_guidance()
    {
        _host.Simulator.State.RestrictIntegrations(true);
        using var browser = new ConnectBrowser();
        var authorizeUrl = await browser.OpenStartLinkAsync(await BrowserConsent.StartConnectAsync(_host, "user-blocked"));

        var webexPage = await browser.GetAsync(authorizeUrl);

        webexPage.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        webexPage.Headers.Location.Should().BeNull("Webex never sends the browser back");
        (await webexPage.Content.ReadAsStringAsync()).Should().Contain("Your administrator denied access to the integration you selected");

        var pending = await _host.Client.GetFromJsonAsync<JsonElement>("/api/users/user-blocked/webex/connection");
        pending.GetProperty("status").GetString().Should().Be("NotConnected");
        var attempt = pending.GetProperty("pendingConnect");
        attempt.GetProperty("status").GetString().Should().Be("Pending");
        var startedAt = attempt.GetProperty("startedAt").GetDateTimeOffset();
        attempt.GetProperty("expiresAt").GetDateTimeOffset().Should().Be(startedAt.AddMinutes(10));
        attempt.GetProperty("openedAt").ValueKind.Should().Be(JsonValueKind.String);

        _time.Advance(TimeSpan.FromMinutes(11));
        var expired = await _host.Client.GetFromJsonAsync<JsonElement>("/api/users/user-blocked/webex/connection");

        expired.GetProperty("status").GetString().Should().Be("NotConnected");
        var notCompleted = expired.GetProperty("pendingConnect");
        notCompleted.GetProperty("status").GetString().Should().Be("NotCompleted");
        notCompleted.GetProperty("message").GetString().Should().Contain("not completed").And.Contain("administrator").And.Contain("Control Hub");
        expired.GetProperty("statusReason").GetString().Should().Contain("Control Hub");
        (await _host.CountRowsAsync("webex_connections")).Should().Be(0);
    }

    [Fact]
    public async Task A_finished_connect_shows_no_pending_connect()
    {
        (await BrowserConsent.ConnectAsync(_host, "user-done")).StatusCode.Should().Be(HttpStatusCode.OK);

        var view = await _host.Client.GetFromJsonAsync<JsonElement>("/api/users/user-done/webex/connection");

        view.GetProperty("status").GetString().Should().Be("Active");
        view.GetProperty("pendingConnect").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Expired_connects_are_purged_when_a_new_connect_starts_after_the_retention()
    {
        await BrowserConsent.StartConnectAsync(_host, "user-purge-1");
        await BrowserConsent.StartConnectAsync(_host, "user-purge-2");
        _time.Advance(TimeSpan.FromDays(1));
        await BrowserConsent.StartConnectAsync(_host, "user-purge-3");
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(3, "expired connects are kept for the connection view");

        _time.Advance(TimeSpan.FromDays(7));
        await BrowserConsent.StartConnectAsync(_host, "user-purge-4");

        // The first two expired more than 7 days ago; the third expired 7 days less 10 minutes ago and is kept.
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(2);
        (await _host.Client.GetAsync("/api/users/user-purge-1/webex/connection")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _host.Client.GetAsync("/api/users/user-purge-2/webex/connection")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _host.Client.GetFromJsonAsync<JsonElement>("/api/users/user-purge-3/webex/connection"))
            .GetProperty("pendingConnect").GetProperty("status").GetString().Should().Be("NotCompleted");
    }

    [Fact]
    public async Task Webex_failing_the_code_exchange_shows_a_retry_page_and_stores_nothing()
    {
        _host.Simulator.State.AddFault(new SimFault("token.authorization_code", SimFaultKind.Status, 503));

        var response = await BrowserConsent.ConnectAsync(_host, "user-9");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync()).Should().Contain("start again from Zeeg").And.NotContain(_host.Simulator.ApiBaseAddress.AbsoluteUri + "authorize");
        (await _host.CountRowsAsync("webex_connections")).Should().Be(0);
    }

    [Fact]
    public async Task Disconnect_deletes_the_stored_tokens()
    {
        (await BrowserConsent.ConnectAsync(_host, "user-10")).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await _host.Client.DeleteAsync("/api/users/user-10/webex/connection");

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var stored = await ReadStoredTokensAsync("user-10");
        stored.Access.Should().BeNull();
        stored.Refresh.Should().BeNull();
        var view = await _host.Client.GetFromJsonAsync<JsonElement>("/api/users/user-10/webex/connection");
        view.GetProperty("status").GetString().Should().Be("Disconnected");
    }

    [Fact]
    public async Task Reconnecting_the_same_user_keeps_one_row_with_the_new_account()
    {
        (await BrowserConsent.ConnectAsync(_host, "user-11", "first@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await BrowserConsent.ConnectAsync(_host, "user-11", "second@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await _host.CountRowsAsync("webex_connections")).Should().Be(1);
        var view = await _host.Client.GetFromJsonAsync<JsonElement>("/api/users/user-11/webex/connection");
        view.GetProperty("email").GetString().Should().Be("second@example.com");
    }

    [Fact]
    public async Task Concurrent_connects_and_disconnects_of_the_same_user_leave_one_consistent_row()
    {
        var urls = new List<string>();
        for (var i = 0; i < 4; i++) urls.Add(await BrowserConsent.StartConnectAsync(_host, "user-race"));

        var consents = urls.Select((url, i) => BrowserConsent.ConsentAsync(_host, url, "accept", $"racer{i}@example.com"));
        var disconnects = Enumerable.Range(0, 4).Select(_ => _host.Client.DeleteAsync("/api/users/user-race/webex/connection"));
        var responses = await Task.WhenAll(consents.Concat(disconnects));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.NoContent || r.StatusCode == HttpStatusCode.NotFound);
        (await _host.CountRowsAsync("webex_connections")).Should().Be(1);
        var view = await _host.Client.GetFromJsonAsync<JsonElement>("/api/users/user-race/webex/connection");
        var stored = await ReadStoredTokensAsync("user-race");
        if (view.GetProperty("status").GetString() == "Active")
        {
            var protector = _host.GetRequiredService<ITokenProtector>();
            var access = protector.Unprotect(EncryptedToken.FromBytes(stored.Access!));
            protector.Unprotect(EncryptedToken.FromBytes(stored.Refresh!)).Should().NotBeEmpty();
            var person = _host.Simulator.State.FindPerson(view.GetProperty("email").GetString()!)!;
            _host.Simulator.State.IssuedSecrets().Should().Contain(access, "the stored token is one Webex issued");
            person.Id.Should().Be(view.GetProperty("webexPersonId").GetString(), "account and tokens come from the same consent");
        }
        else
        {
            view.GetProperty("status").GetString().Should().Be("Disconnected");
            stored.Access.Should().BeNull();
            stored.Refresh.Should().BeNull();
        }
    }

    private async Task<(byte[]? Access, byte[]? Refresh, long Version)> ReadStoredTokensAsync(string zeegUserId)
    {
        var rows = await _host.QueryAsync(
            "SELECT access_token, refresh_token, version FROM webex_connections WHERE zeeg_user_id = $id",
            row => (row.IsDBNull(0) ? null : (byte[])row[0], row.IsDBNull(1) ? null : (byte[])row[1], row.GetInt64(2)),
            ("$id", zeegUserId));
        rows.Should().ContainSingle($"a row for {zeegUserId} exists");
        return rows[0];
    }
}
