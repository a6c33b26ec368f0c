using System.Net;
using System.Text;
using System.Text.Json;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Resilience;

/// <summary>Whatever arrives, a bad request gets a 4xx problem (or the documented error page) and writes nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ZeegWebexHost.StartAsync();
        (await BrowserConsent.ConnectAsync(_host, "host-b", "bad.input@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_and_nothing_is_written()
    {
        var huge = EventsApi.Event("evt-huge", "host-b") is var e ? JsonSerializer.Serialize(e).Replace("Talk about the project", new string('x', 200_000)) : "";

        var response = await _host.Client.PostAsync("/api/events", new StringContent(huge, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
    }

    [Theory]
    [InlineData("text/plain", "{\"zeegEventId\":\"evt-ct\"}")]
    [InlineData("application/json", "")]
    [InlineData("application/json", "[]")]
    [InlineData("application/json", "{\"zeegEventId\": 12, \"start\": true}")]
    [InlineData("application/json", "{\"zeegEventId\":\"evt-d\",\"hostZeegUserId\":\"host-b\",\"title\":\"t\",\"start\":\"2027-02-30T09:00:00Z\",\"end\":\"2027-03-01T10:00:00Z\",\"timeZone\":\"Europe/Berlin\"}")]
    public async Task Unreadable_bodies_are_problems_and_nothing_is_written(string contentType, string body)
    {
        var response = await _host.Client.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, contentType));

        ((int)response.StatusCode).Should().BeInRange(400, 499);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
    }

    [Theory]
    [InlineData("évt-1")]
    [InlineData("evt 1")]
    [InlineData("evt%00")]
    [InlineData("1' OR '1'='1")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("-rf")]
    [InlineData("evt-1\n")]
    [InlineData("evt\u00001")]
    [InlineData("evt\u200B1")]
    [InlineData("x1234567890123456789012345678901234567890123456789012345678901234")]
    public async Task Event_ids_outside_the_plain_alphabet_are_refused(string eventId)
    {
        var response = await _host.Client.PostAsJsonAsync("/api/events", EventsApi.Event(eventId, "host-b"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("zeegEventId", out _).Should().BeTrue();
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
    }

    [Fact]
    public async Task A_title_with_control_characters_is_refused()
    {
        var response = await _host.Client.PostAsJsonAsync("/api/events", EventsApi.Event("evt-ctl", "host-b", title: "Hello\u0000World"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
    }

    [Theory]
    [InlineData("\u200B\u200B", null)]
    [InlineData(" \u200D\uFEFF\u2060 ", null)]
    [InlineData("\u3164", null)]
    [InlineData("Tab\tin title", null)]
    [InlineData("Intro call", "Agenda\u0000with NUL")]
    [InlineData("Intro call", "Escape \u001B[31m red")]
    [InlineData("Intro call", "Bell\u0007")]
    public async Task Titles_without_visible_text_and_agendas_with_control_characters_are_refused(string title, string? agenda)
    {
        var body = new Dictionary<string, object?>
        {
            ["zeegEventId"] = "evt-text", ["hostZeegUserId"] = "host-b", ["title"] = title, ["agenda"] = agenda ?? "Plan",
            ["start"] = EventsApi.Start, ["end"] = EventsApi.Start.AddMinutes(30), ["timeZone"] = "Europe/Berlin",
        };

        var response = await _host.Client.PostAsJsonAsync("/api/events", body);

        await ShouldBeValidationProblemAsync(response, agenda is null ? "title" : "agenda");
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
    }

    /// <summary>Schedule and reschedule share one set of invitee rules: at most 100, each an e-mail address.</summary>
    [Theory]
    [InlineData("POST", 101, "guest{0}@example.com", "invitees")]
    [InlineData("POST", 1, "not-an-e-mail", "invitees[0]")]
    [InlineData("POST", 1, "", "invitees[0]")]
    [InlineData("PUT", 101, "guest{0}@example.com", "invitees")]
    [InlineData("PUT", 2, "guest{0}", "invitees[0]")]
    public async Task Too_many_invitees_or_one_that_is_not_an_email_address_is_refused_and_nothing_is_written(
        string method, int count, string pattern, string field)
    {
        var invitees = Enumerable.Range(0, count).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, i)).ToArray();
        var body = new Dictionary<string, object?>
        {
            ["zeegEventId"] = "evt-invitees", ["hostZeegUserId"] = "host-b", ["title"] = "Intro call", ["invitees"] = invitees,
            ["start"] = EventsApi.Start, ["end"] = EventsApi.Start.AddMinutes(30), ["timeZone"] = "Europe/Berlin",
        };

        var response = method == "POST"
            ? await _host.Client.PostAsJsonAsync("/api/events", body)
            : await _host.Client.PutAsJsonAsync("/api/events/evt-invitees", body);

        await ShouldBeValidationProblemAsync(response, field);
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
    }

    [Fact]
    public async Task An_agenda_with_line_breaks_and_tabs_is_accepted()
    {
        var body = new Dictionary<string, object?>
        {
            ["zeegEventId"] = "evt-lines", ["hostZeegUserId"] = "host-b", ["title"] = "Planning", ["agenda"] = "1. Intro\r\n2.\tDemo\n3. Questions",
            ["start"] = EventsApi.Start, ["end"] = EventsApi.Start.AddMinutes(30), ["timeZone"] = "Europe/Berlin",
        };

        var response = await _host.Client.PostAsJsonAsync("/api/events", body);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/users/-rf/webex/connection", "zeegUserId")]
    [InlineData("GET", "/api/users/.hidden/webex/connection", "zeegUserId")]
    [InlineData("DELETE", "/api/users/a%0A/webex/connection", "zeegUserId")]
    [InlineData("POST", "/api/users/%2Ehidden/webex/connect", "zeegUserId")]
    [InlineData("GET", "/api/users/u%20v/webex/meetings", "zeegUserId")]
    [InlineData("GET", "/api/events/-x/meeting", "zeegEventId")]
    [InlineData("PUT", "/api/events/.x", "zeegEventId")]
    [InlineData("DELETE", "/api/events/x%09y", "zeegEventId")]
    public async Task Ids_in_the_path_outside_the_alphabet_are_refused_and_nothing_is_written(string method, string path, string field)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT") request.Content = JsonContent.Create(EventsApi.Event("ignored", "host-b"));

        var authorizationsBefore = await _host.CountRowsAsync("oauth_authorizations");

        var response = await _host.Client.SendAsync(request);

        await ShouldBeValidationProblemAsync(response, field);
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
        (await _host.CountRowsAsync("oauth_authorizations")).Should().Be(authorizationsBefore);
    }

    [Theory]
    [InlineData("from=9999-12-20", "from")]
    [InlineData("from=9999-12-31T23:59:59Z", "from")]
    [InlineData("from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z", "from")]
    [InlineData("to=9999-12-31", "to")]
    [InlineData("from=9000-01-02&to=9000-01-03", "from")]
    public async Task Dashboard_dates_at_the_ends_of_the_calendar_are_a_problem_not_a_failure(string query, string field)
    {
        var response = await _host.Client.GetAsync($"/api/users/host-b/webex/meetings?{query}");

        await ShouldBeValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData("from=not-a-date")]
    [InlineData("to=2027-02-30")]
    [InlineData("from=2027-01-01&from=2027-01-02")]
    [InlineData("from=%00")]
    public async Task Unreadable_dashboard_dates_are_a_problem(string query)
    {
        var response = await _host.Client.GetAsync($"/api/users/host-b/webex/meetings?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("GET", "/hangfire/stats")]
    [InlineData("GET", "/hangfire/stats?metrics[]=servers:count")]
    [InlineData("GET", "/hangfire/recurring/trigger")]
    [InlineData("GET", "/hangfire/recurring/remove")]
    [InlineData("GET", "/hangfire/jobs/failed/requeue")]
    [InlineData("GET", "/hangfire/jobs/enqueued/delete")]
    [InlineData("GET", "/hangfire/jobs/scheduled/enqueue")]
    public async Task Dashboard_requests_that_carry_no_form_are_answered_not_failed(string method, string path)
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = Operations.ApiAuthenticationTests.Basic(ZeegWebexHost.OperatorUser, ZeegWebexHost.OperatorPassword);
        var recurringBefore = await client.GetStringAsync("/hangfire/recurring");

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        ((int)response.StatusCode).Should().BeLessThan(500, await response.Content.ReadAsStringAsync());
        if (path.Contains("/stats"))
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        else
            response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "a command naming no job is refused and nothing is done");
        (await client.GetStringAsync("/hangfire/recurring")).Should().Contain(Infrastructure.Jobs.MeetingSweepJob.RecurringJobId);
        recurringBefore.Should().Contain(Infrastructure.Jobs.MeetingSweepJob.RecurringJobId);
        _host.Logs.Lines.Should().NotContain(l => l.Contains("Incorrect Content-Type"));
    }

    [Fact]
    public async Task A_dashboard_command_posted_as_json_is_answered_not_failed()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = Operations.ApiAuthenticationTests.Basic(ZeegWebexHost.OperatorUser, ZeegWebexHost.OperatorPassword);
        var page = await client.GetStringAsync("/hangfire/recurring");
        var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new StringContent("{\"jobs\":[\"x\"]}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(Meta(page, "csrf-header"), Meta(page, "csrf-token"));

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
    }

    private static string Meta(string page, string name) =>
        System.Text.RegularExpressions.Regex.Match(page, $"<meta name=\"{name}\" content=\"([^\"]+)\"").Groups[1].Value;

    private static async Task ShouldBeValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(body);
    }

    [Fact]
    public async Task Unicode_titles_and_sql_looking_text_are_stored_and_sent_to_webex_verbatim()
    {
        const string title = "Café ☕ 会议 — Robert'); DROP TABLE webex_meetings;--";

        var response = await _host.Client.PostAsJsonAsync("/api/events", EventsApi.Event("evt-unicode", "host-b", title: title));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var meeting = await _host.WaitForMeetingAsync("evt-unicode", "Created");
        meeting.GetProperty("title").GetString().Should().Be(title);
        _host.Simulator.State.Meetings.Single().Title.Should().Be(title);
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(1);
    }

    [Fact]
    public async Task A_forged_code_with_a_real_state_is_refused_by_webex_and_stores_nothing_new()
    {
        using var browser = new ConnectBrowser();
        var url = await browser.OpenStartLinkAsync(await BrowserConsent.StartConnectAsync(_host, "host-forged"));
        var state = System.Web.HttpUtility.ParseQueryString(url.Query)["state"];

        // The browser that started the connect (it has the connect cookie), so the forged code does reach Webex.
        var response = await browser.GetAsync(new Uri(_host.BaseAddress, $"/webex/oauth/callback?code=forged-code&state={Uri.EscapeDataString(state!)}"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await _host.Client.GetAsync("/api/users/host-forged/webex/connection")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_invalid_dashboard_range_is_a_problem()
    {
        var response = await _host.Client.GetAsync("/api/users/host-b/webex/meetings?from=2027-03-10T00:00:00Z&to=2027-03-01T00:00:00Z");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task After_all_of_it_no_plaintext_token_or_join_secret_is_in_the_database_or_the_logs()
    {
        await An_oversized_body_is_refused_with_413_and_nothing_is_written();
        await A_forged_code_with_a_real_state_is_refused_by_webex_and_stores_nothing_new();
        await Unicode_titles_and_sql_looking_text_are_stored_and_sent_to_webex_verbatim();

        var joinSecrets = _host.Simulator.State.Meetings.SelectMany(m => new[] { m.Password, m.HostKey, m.PhoneAndVideoSystemPassword }).ToList();
        joinSecrets.Should().NotBeEmpty("a meeting was made, with its password and host key");
        var secrets = _host.Simulator.State.IssuedSecrets().Concat(joinSecrets).ToList();
        secrets.Should().NotBeEmpty();
        var database = await _host.ReadDatabaseBytesAsync();
        var logs = string.Join('\n', _host.Logs.Lines);
        foreach (var secret in secrets)
        {
            database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).Should().Be(-1);
            logs.Should().NotContain(secret);
        }
    }
}
