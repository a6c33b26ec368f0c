using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
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
        var url = new Uri(await BrowserConsent.StartConnectAsync(_host, "user-1"));
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
    public async Task Accepting_consent_stores_the_connection_with_encrypted_tokens_and_shows_the_webex_account()
    {
        var callback = await BrowserConsent.ConnectAsync(_host, "user-1", "alex.host@example.com");

        callback.StatusCode.Should().Be(HttpStatusCode.OK);
        (await callback.Content.ReadAsStringAsync()).Should().Contain("Webex is connected").And.Contain("alex.host@example.com");

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
        page.Should().Contain("administrator").And.Contain("Control Hub").And.Contain("Try again");
        (await _host.Client.GetAsync("/api/users/user-5/webex/connection")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _host.CountRowsAsync("webex_connections")).Should().Be(0);
        var audit = await _host.GetRequiredService<IConnectionAuditLog>().ListForZeegUserAsync("user-5", CancellationToken.None);
        audit.Should().ContainSingle(e => e.Kind == ConnectionAuditKind.AccessDenied);
    }

    [Fact]
    public async Task When_the_org_requires_admin_approval_the_page_explains_it_and_try_again_works_once_approved()
    {
        _host.Simulator.State.RequireAdminApproval(true);
        var url = await BrowserConsent.StartConnectAsync(_host, "user-6");

        var denied = await BrowserConsent.ConsentAsync(_host, url, "accept");

        denied.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var page = await denied.Content.ReadAsStringAsync();
        page.Should().Contain("Control Hub");
        var retryUrl = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "id=\"retry\" href=\"([^\"]+)\"").Groups[1].Value);
        retryUrl.Should().StartWith(_host.Simulator.ApiBaseAddress.AbsoluteUri + "authorize?");

        _host.Simulator.State.RequireAdminApproval(false);
        var retried = await BrowserConsent.ConsentAsync(_host, retryUrl, "accept");

        retried.StatusCode.Should().Be(HttpStatusCode.OK);
        (await _host.Client.GetAsync("/api/users/user-6/webex/connection")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Callback_with_replayed_state_is_rejected_and_changes_nothing()
    {
        var url = await BrowserConsent.StartConnectAsync(_host, "user-7");
        var first = await BrowserConsent.ConsentAsync(_host, url, "accept");
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var before = await ReadStoredTokensAsync("user-7");

        // The same callback URL again, e.g. from browser history or an attacker who saw it.
        var replayUrl = first.RequestMessage!.RequestUri!;
        var replay = await _host.Client.GetAsync(replayUrl);

        replay.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await replay.Content.ReadAsStringAsync()).Should().Contain("already used");
        var after = await ReadStoredTokensAsync("user-7");
        after.Version.Should().Be(before.Version);
        after.Access.Should().Equal(before.Access!);
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
        var url = await BrowserConsent.StartConnectAsync(_host, "user-8");
        _time.Advance(TimeSpan.FromMinutes(11));

        var response = await BrowserConsent.ConsentAsync(_host, url, "accept");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("expired");
        (await _host.CountRowsAsync("webex_connections")).Should().Be(0);
        _host.Simulator.State.CallCount("token.authorization_code").Should().Be(0);
    }

    [Fact]
    public async Task Webex_failing_the_code_exchange_shows_a_retry_page_and_stores_nothing()
    {
        _host.Simulator.State.AddFault(new SimFault("token.authorization_code", SimFaultKind.Status, 503));

        var response = await BrowserConsent.ConnectAsync(_host, "user-9");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Try again");
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
        await using var connection = new SqliteConnection($"Data Source={_host.DatabaseFile}");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT access_token, refresh_token, version FROM webex_connections WHERE zeeg_user_id = $id";
        command.Parameters.AddWithValue("$id", zeegUserId);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue($"a row for {zeegUserId} exists");
        return (reader.IsDBNull(0) ? null : (byte[])reader[0], reader.IsDBNull(1) ? null : (byte[])reader[1], reader.GetInt64(2));
    }
}
