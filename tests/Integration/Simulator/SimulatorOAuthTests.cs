using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Simulator;

public sealed class SimulatorOAuthTests
{
    [Fact]
    public async Task Consent_with_pkce_then_code_exchange_gives_tokens_that_identify_the_consenting_person()
    {
        await using var session = await SimulatorSession.StartAsync();
        var (verifier, challenge) = SimulatorSession.NewPkce();

        var redirect = await session.ConsentAsync("dana.scheduler@example.com", state: "opaque-state", challenge: challenge);
        redirect["state"].Should().Be("opaque-state");
        using var tokenResponse = await session.ExchangeCodeAsync(redirect["code"], verifier);

        tokenResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        var tokens = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>();
        tokens.GetProperty("token_type").GetString().Should().Be("Bearer");
        tokens.GetProperty("expires_in").GetInt64().Should().Be(1209599);
        tokens.GetProperty("refresh_token_expires_in").GetInt64().Should().Be(7776000);
        tokens.TryGetProperty("scope", out _).Should().BeFalse();
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        accessToken.Should().HaveLength(64);

        using var me = await session.SendAsync(HttpMethod.Get, "v1/people/me", accessToken);
        me.StatusCode.Should().Be(HttpStatusCode.OK);
        var person = await me.Content.ReadFromJsonAsync<JsonElement>();
        person.GetProperty("emails")[0].GetString().Should().Be("dana.scheduler@example.com");
        person.GetProperty("displayName").GetString().Should().Be("Dana Scheduler");
        person.GetProperty("timezone").GetString().Should().Be("Europe/Berlin");
        person.GetProperty("type").GetString().Should().Be("person");
        person.GetProperty("orgId").GetString().Should().NotBeNullOrEmpty();
        session.State.IssuedSecrets().Should().Contain([redirect["code"], accessToken, tokens.GetProperty("refresh_token").GetString()!]);
        session.State.CallCount(SimOperations.TokenAuthorizationCode).Should().Be(1);
    }

    [Fact]
    public async Task Consenting_twice_with_the_same_email_is_the_same_webex_person()
    {
        await using var session = await SimulatorSession.StartAsync();

        var first = await session.ConnectAsync("same.person@example.com");
        var second = await session.ConnectAsync("same.person@example.com");

        async Task<string> IdOf(JsonElement tokens)
        {
            using var me = await session.SendAsync(HttpMethod.Get, "v1/people/me", tokens.GetProperty("access_token").GetString());
            return (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        (await IdOf(first)).Should().Be(await IdOf(second));
        session.State.People.Should().ContainSingle();
    }

    [Fact]
    public async Task Consent_page_shows_requested_scopes_prefilled_email_and_both_decisions()
    {
        await using var session = await SimulatorSession.StartAsync();

        var html = await session.Http.GetStringAsync(session.AuthorizePath("s") + "&login_hint=kim%40example.com");

        html.Should().Contain("meeting:schedules_write").And.Contain("value=\"kim@example.com\"")
            .And.Contain("id=\"accept\"").And.Contain("id=\"deny\"").And.Contain(session.Simulator.Options.ClientId);
    }

    [Fact]
    public async Task Code_exchange_with_a_verifier_that_does_not_match_the_challenge_is_invalid_grant()
    {
        await using var session = await SimulatorSession.StartAsync();
        var (_, challenge) = SimulatorSession.NewPkce();
        var (otherVerifier, _) = SimulatorSession.NewPkce();
        var redirect = await session.ConsentAsync("pkce@example.com", challenge: challenge);

        using var response = await session.ExchangeCodeAsync(redirect["code"], otherVerifier);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_grant");
    }

    [Fact]
    public async Task Code_exchange_without_verifier_after_a_challenge_is_rejected()
    {
        await using var session = await SimulatorSession.StartAsync();
        var (_, challenge) = SimulatorSession.NewPkce();
        var redirect = await session.ConsentAsync("pkce@example.com", challenge: challenge);

        using var response = await session.ExchangeCodeAsync(redirect["code"]);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Replayed_authorization_code_is_invalid_grant()
    {
        await using var session = await SimulatorSession.StartAsync();
        var redirect = await session.ConsentAsync("replay@example.com");
        using var first = await session.ExchangeCodeAsync(redirect["code"]);
        first.StatusCode.Should().Be(HttpStatusCode.OK);

        using var replay = await session.ExchangeCodeAsync(redirect["code"]);

        replay.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_grant");
    }

    [Fact]
    public async Task Code_past_its_lifetime_is_invalid_grant()
    {
        await using var session = await SimulatorSession.StartAsync();
        var redirect = await session.ConsentAsync("slow@example.com");
        session.Clock.Advance(TimeSpan.FromMinutes(11));

        using var response = await session.ExchangeCodeAsync(redirect["code"]);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_grant");
    }

    [Fact]
    public async Task Code_exchange_with_another_redirect_uri_than_at_authorize_is_invalid_grant()
    {
        await using var session = await SimulatorSession.StartAsync();
        var redirect = await session.ConsentAsync("redirect@example.com");

        using var response = await session.ExchangeCodeAsync(redirect["code"], redirectUri: "http://127.0.0.1:5173/other");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_grant");
    }

    [Fact]
    public async Task Wrong_client_secret_is_401_invalid_client()
    {
        await using var session = await SimulatorSession.StartAsync();
        var redirect = await session.ConsentAsync("secret@example.com");

        using var response = await session.ExchangeCodeAsync(redirect["code"], secret: "not-the-secret");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_client");
    }

    [Fact]
    public async Task Declining_consent_redirects_with_access_denied_and_the_state()
    {
        await using var session = await SimulatorSession.StartAsync();

        var redirect = await session.ConsentAsync("declines@example.com", decision: "deny", state: "st-deny");

        redirect["error"].Should().Be("access_denied");
        redirect["state"].Should().Be("st-deny");
        redirect.Should().NotContainKey("code");
    }

    [Fact]
    public async Task When_admin_approval_is_required_accepting_still_ends_in_access_denied()
    {
        await using var session = await SimulatorSession.StartAsync();
        using var control = await session.Http.PostAsJsonAsync("_sim/org/admin-approval", new { required = true });
        control.StatusCode.Should().Be(HttpStatusCode.OK);

        var redirect = await session.ConsentAsync("locked.org@example.com", state: "st-admin");

        redirect["error"].Should().Be("access_denied");
        redirect["error_description"].Should().NotBeNullOrEmpty();
        redirect["state"].Should().Be("st-admin");
        session.State.IssuedSecrets().Should().BeEmpty();
    }

    [Fact]
    public async Task When_the_org_restricts_integrations_authorize_shows_webex_access_denied_page_and_never_redirects()
    {
        await using var session = await SimulatorSession.StartAsync();
        using var control = await session.Http.PostAsJsonAsync("_sim/org-policy", new { restrictIntegrations = true });
        control.StatusCode.Should().Be(HttpStatusCode.OK);
        session.State.IntegrationsRestricted.Should().BeTrue();

        using var response = await session.Http.GetAsync(session.AuthorizePath("st-restricted"));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Headers.Location.Should().BeNull("Webex never sends the browser back in this case");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("Access denied").And.Contain("Your administrator denied access to the integration you selected");
        page.Should().NotContain("request_id", "there is no consent form to submit");

        using var lifted = await session.Http.PostAsJsonAsync("_sim/org-policy", new { restrictIntegrations = false });
        (await session.ConsentAsync("free.org@example.com", state: "st-free")).Should().ContainKey("code");
    }

    [Fact]
    public async Task Org_policy_without_a_flag_is_a_bad_request()
    {
        await using var session = await SimulatorSession.StartAsync();

        using var response = await session.Http.PostAsJsonAsync("_sim/org-policy", new { something = true });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        session.State.IntegrationsRestricted.Should().BeFalse();
    }

    [Fact]
    public async Task Unregistered_redirect_uri_gets_an_error_page_instead_of_a_redirect()
    {
        await using var session = await SimulatorSession.StartAsync(o => o.RedirectUris = [SimulatorSession.RedirectUri]);

        using var response = await session.Http.GetAsync(session.AuthorizePath("s", redirectUri: "https://attacker.example/callback"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.Location.Should().BeNull();
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
    }

    [Fact]
    public async Task Unknown_client_id_gets_an_error_page()
    {
        await using var session = await SimulatorSession.StartAsync();

        using var response = await session.Http.GetAsync(session.AuthorizePath("s", clientId: "someone-else"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.Location.Should().BeNull();
    }

    [Fact]
    public async Task Unknown_scope_is_sent_back_to_the_redirect_uri_as_invalid_scope()
    {
        await using var session = await SimulatorSession.StartAsync();

        using var response = await session.Http.GetAsync(session.AuthorizePath("st-scope", scope: "spark:people_read meeting:teleport"));

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().StartWith(SimulatorSession.RedirectUri).And.Contain("error=invalid_scope").And.Contain("state=st-scope");
    }

    [Fact]
    public async Task Refresh_more_than_a_day_after_the_last_real_one_gives_a_new_access_token_and_extends_the_refresh_token()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("refresher@example.com");
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        session.Clock.Advance(TimeSpan.FromDays(10));

        using var response = await session.RefreshAsync(refreshToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var refreshed = await response.Content.ReadFromJsonAsync<JsonElement>();
        refreshed.GetProperty("refresh_token").GetString().Should().Be(refreshToken, "Webex usually keeps the refresh token value");
        refreshed.GetProperty("refresh_token_expires_in").GetInt64().Should().Be(7776000, "a refresh token in regular use lives on");
        refreshed.GetProperty("access_token").GetString().Should().NotBe(tokens.GetProperty("access_token").GetString());
        refreshed.GetProperty("expires_in").GetInt64().Should().Be(1209599);
        session.State.RefreshGrantsUsed(refreshToken).Should().Be(1);
        session.State.CallCount(SimOperations.TokenRefresh).Should().Be(1);
    }

    [Fact]
    public async Task A_refresh_token_used_regularly_never_lapses()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("regular@example.com");
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        for (var month = 1; month <= 6; month++)
        {
            session.Clock.Advance(TimeSpan.FromDays(60));
            using var response = await session.RefreshAsync(refreshToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK, $"month {month * 2}: each refresh moved the end 90 days out");
        }

        session.State.RefreshGrantsUsed(refreshToken).Should().Be(6);
    }

    [Fact]
    public async Task Refresh_within_a_day_of_the_last_real_one_answers_the_values_unchanged_and_is_no_new_grant()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("twice@example.com");
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        session.Clock.Advance(TimeSpan.FromDays(10));
        using var real = await session.RefreshAsync(refreshToken);
        var first = await real.Content.ReadFromJsonAsync<JsonElement>();
        session.Clock.Advance(TimeSpan.FromHours(23));

        using var again = await session.RefreshAsync(refreshToken);

        again.StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        var elapsed = (long)TimeSpan.FromHours(23).TotalSeconds;
        second.GetProperty("access_token").GetString().Should().Be(first.GetProperty("access_token").GetString());
        second.GetProperty("expires_in").GetInt64().Should().Be(1209599 - elapsed);
        second.GetProperty("refresh_token").GetString().Should().Be(refreshToken);
        second.GetProperty("refresh_token_expires_in").GetInt64().Should().Be(7776000 - elapsed);
        session.State.RefreshGrantsUsed(refreshToken).Should().Be(1);

        session.Clock.Advance(TimeSpan.FromHours(1));
        using var nextDay = await session.RefreshAsync(refreshToken);

        (await nextDay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()
            .Should().NotBe(first.GetProperty("access_token").GetString(), "a full day after the last real refresh it is real again");
        session.State.RefreshGrantsUsed(refreshToken).Should().Be(2);
    }

    [Fact]
    public async Task Refresh_right_after_consent_answers_the_consent_values()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("eager@example.com");
        session.Clock.Advance(TimeSpan.FromMinutes(5));

        using var response = await session.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);

        var refreshed = await response.Content.ReadFromJsonAsync<JsonElement>();
        refreshed.GetProperty("access_token").GetString().Should().Be(tokens.GetProperty("access_token").GetString());
        refreshed.GetProperty("expires_in").GetInt64().Should().Be(1209599 - 300);
        session.State.RefreshGrantsUsed(tokens.GetProperty("refresh_token").GetString()!).Should().Be(0);
    }

    [Fact]
    public async Task Refresh_within_a_day_after_the_access_token_stopped_working_issues_a_new_one()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("expired-early@example.com");
        session.State.ExpireAccessTokens("expired-early@example.com").Should().Be(1);

        using var response = await session.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);

        var refreshed = await response.Content.ReadFromJsonAsync<JsonElement>();
        var accessToken = refreshed.GetProperty("access_token").GetString();
        accessToken.Should().NotBe(tokens.GetProperty("access_token").GetString());
        using var me = await session.SendAsync(HttpMethod.Get, "v1/people/me", accessToken);
        me.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refresh_token_with_a_fixed_end_keeps_shrinking_when_the_simulator_is_told_so()
    {
        await using var session = await SimulatorSession.StartAsync(o => o.RefreshExtendsRefreshToken = false);
        var tokens = await session.ConnectAsync("fixed@example.com");
        session.Clock.Advance(TimeSpan.FromDays(30));

        using var response = await session.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);

        var refreshed = await response.Content.ReadFromJsonAsync<JsonElement>();
        refreshed.GetProperty("refresh_token_expires_in").GetInt64().Should().Be(7776000 - (long)TimeSpan.FromDays(30).TotalSeconds);
        refreshed.GetProperty("access_token").GetString().Should().NotBe(tokens.GetProperty("access_token").GetString());
    }

    [Fact]
    public async Task Revoking_the_refresh_tokens_kills_every_access_token_issued_from_them()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("removed.app@example.com");
        var bystander = await session.ConnectAsync("bystander@example.com");
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        session.Clock.Advance(TimeSpan.FromDays(2));
        using var refresh = await session.RefreshAsync(refreshToken);
        var secondAccess = (await refresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var control = await session.Http.PostAsJsonAsync("_sim/tokens/revoke-refresh", new { email = "removed.app@example.com" });
        control.StatusCode.Should().Be(HttpStatusCode.OK);

        using var withFirst = await session.SendAsync(HttpMethod.Get, "v1/people/me", tokens.GetProperty("access_token").GetString());
        using var withSecond = await session.SendAsync(HttpMethod.Get, "v1/meetings", secondAccess);
        using var refreshAfter = await session.RefreshAsync(refreshToken);
        using var other = await session.SendAsync(HttpMethod.Get, "v1/people/me", bystander.GetProperty("access_token").GetString());

        await SimulatorSession.AssertWebexErrorAsync(withFirst, HttpStatusCode.Unauthorized);
        await SimulatorSession.AssertWebexErrorAsync(withSecond, HttpStatusCode.Unauthorized);
        refreshAfter.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refreshAfter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_grant");
        other.StatusCode.Should().Be(HttpStatusCode.OK, "another person's grant is untouched");
    }

    [Fact]
    public async Task Revoking_one_refresh_token_leaves_the_access_tokens_of_another_grant_working()
    {
        await using var session = await SimulatorSession.StartAsync();
        var first = await session.ConnectAsync("two.grants@example.com");
        var second = await session.ConnectAsync("two.grants@example.com");

        session.State.RevokeRefreshToken(first.GetProperty("refresh_token").GetString()!).Should().BeTrue();

        using var revoked = await session.SendAsync(HttpMethod.Get, "v1/people/me", first.GetProperty("access_token").GetString());
        using var kept = await session.SendAsync(HttpMethod.Get, "v1/people/me", second.GetProperty("access_token").GetString());
        revoked.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        kept.StatusCode.Should().Be(HttpStatusCode.OK, "access tokens are tracked per refresh grant");
    }

    [Fact]
    public async Task Revoked_refresh_token_is_invalid_grant_with_the_webex_description()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("revoked@example.com");
        using var control = await session.Http.PostAsJsonAsync("_sim/tokens/revoke-refresh", new { email = "revoked@example.com" });
        control.StatusCode.Should().Be(HttpStatusCode.OK);

        using var response = await session.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("error").GetString().Should().Be("invalid_grant");
        error.GetProperty("error_description").GetString().Should().Be("The refresh token provided is expired, revoked, malformed, or invalid.");
        response.Headers.Contains("TrackingID").Should().BeTrue();
    }

    [Fact]
    public async Task Refresh_token_past_its_lifetime_is_invalid_grant()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("old@example.com");
        session.Clock.Advance(TimeSpan.FromDays(91));

        using var response = await session.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_grant");
    }

    [Fact]
    public async Task Expired_access_token_is_refused_with_401_and_a_tracking_id()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("expired@example.com");
        using var control = await session.Http.PostAsJsonAsync("_sim/tokens/expire-access", new { email = "expired@example.com" });
        control.StatusCode.Should().Be(HttpStatusCode.OK);

        using var response = await session.SendAsync(HttpMethod.Get, "v1/people/me", tokens.GetProperty("access_token").GetString());

        await SimulatorSession.AssertWebexErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Access_token_stops_working_when_its_lifetime_has_passed()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("clock@example.com");
        session.Clock.Advance(TimeSpan.FromSeconds(1209600));

        using var response = await session.SendAsync(HttpMethod.Get, "v1/people/me", tokens.GetProperty("access_token").GetString());

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Missing_or_unknown_bearer_token_is_401()
    {
        await using var session = await SimulatorSession.StartAsync();

        using var missing = await session.SendAsync(HttpMethod.Get, "v1/meetings", null);
        using var unknown = await session.SendAsync(HttpMethod.Get, "v1/meetings", "not-a-token");

        await SimulatorSession.AssertWebexErrorAsync(missing, HttpStatusCode.Unauthorized);
        await SimulatorSession.AssertWebexErrorAsync(unknown, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_without_the_required_scope_is_403()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = session.State.IssueTokens("narrow@example.com", [WebexScopes.SchedulesRead]);

        using var me = await session.SendAsync(HttpMethod.Get, "v1/people/me", tokens.AccessToken);
        using var create = await session.SendAsync(HttpMethod.Post, "v1/meetings", tokens.AccessToken,
            SimulatorSession.MeetingBody("x", DateTimeOffset.Parse("2030-03-10T10:00:00+01:00"), DateTimeOffset.Parse("2030-03-10T10:30:00+01:00")));

        await SimulatorSession.AssertWebexErrorAsync(me, HttpStatusCode.Forbidden);
        await SimulatorSession.AssertWebexErrorAsync(create, HttpStatusCode.Forbidden);
        session.State.Meetings.Should().BeEmpty();
    }
}
