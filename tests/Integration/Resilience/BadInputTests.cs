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
    public async Task After_all_of_it_no_plaintext_token_is_in_the_database_or_the_logs()
    {
        await An_oversized_body_is_refused_with_413_and_nothing_is_written();
        await A_forged_code_with_a_real_state_is_refused_by_webex_and_stores_nothing_new();
        await Unicode_titles_and_sql_looking_text_are_stored_and_sent_to_webex_verbatim();

        var secrets = _host.Simulator.State.IssuedSecrets();
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
