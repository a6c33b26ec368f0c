using System.Globalization;
using System.Net;
using System.Text.Json;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Meetings;

/// <summary>The dashboard list (GET /api/users/{id}/webex/meetings): the meetings' state as Webex has it now, the stored
/// details when Webex cannot be asked, and meetings removed at Webex shown as deleted.</summary>
public sealed class DashboardMeetingsTests : IAsyncLifetime
{
    private const string Email = "dashboard.host@example.com";
    private const string Host = "host-d";
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ZeegWebexHost.StartAsync();
        (await BrowserConsent.ConnectAsync(_host, Host, Email)).StatusCode.Should().Be(HttpStatusCode.OK);
        await _host.ScheduleAsync("evt-dash", Host);
        await _host.WaitForMeetingAsync("evt-dash", "Created");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_list_shows_the_meeting_as_webex_has_it_now()
    {
        // The host renamed and moved the meeting in Webex itself (a full PUT works on every Webex version).
        var simulated = _host.Simulator.State.Meetings.Single();
        var moved = simulated.Start.AddHours(1);
        using var webex = WebexAs(Email);
        var changed = await webex.PutAsJsonAsync($"v1/meetings/{simulated.Id}", new
        {
            title = "Renamed in Webex", password = simulated.Password, timezone = simulated.Timezone,
            start = Local(moved, simulated.Timezone), end = Local(moved.AddMinutes(30), simulated.Timezone), sendEmail = false,
        });
        changed.StatusCode.Should().Be(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());

        var item = (await ListAsync()).Should().ContainSingle().Subject;

        item.GetProperty("source").GetString().Should().Be("webex");
        item.GetProperty("webexState").GetString().Should().Be("active");
        item.GetProperty("meeting").GetProperty("title").GetString().Should().Be("Renamed in Webex");
        item.GetProperty("meeting").GetProperty("start").GetString().Should().Be(Local(moved, "Europe/Berlin"));
    }

    [Fact]
    public async Task When_webex_cannot_be_asked_the_stored_details_are_shown()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsList, SimFaultKind.Status, 503, Times: 0));

        var item = (await ListAsync()).Should().ContainSingle().Subject;

        item.GetProperty("source").GetString().Should().Be("stored");
        item.GetProperty("webexState").ValueKind.Should().Be(JsonValueKind.Null);
        item.GetProperty("meeting").GetProperty("title").GetString().Should().Be("Intro call");
        item.GetProperty("meeting").GetProperty("location").GetProperty("webexMeetingId").GetString()
            .Should().Be(_host.Simulator.State.Meetings.Single().Id);
        _host.Simulator.State.CallCount(SimOperations.MeetingsList).Should().BeGreaterThan(0, "Webex was asked first");
    }

    [Fact]
    public async Task A_meeting_deleted_at_webex_is_shown_as_deleted()
    {
        using var webex = WebexAs(Email);
        (await webex.DeleteAsync($"v1/meetings/{_host.Simulator.State.Meetings.Single().Id}?sendEmail=false"))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);

        var item = (await ListAsync()).Should().ContainSingle().Subject;

        item.GetProperty("source").GetString().Should().Be("webex");
        item.GetProperty("webexState").GetString().Should().Be("deleted");
    }

    [Fact]
    public async Task Sixty_meetings_are_read_with_one_list_call_not_one_read_each()
    {
        var events = Enumerable.Range(0, 59).Select(i => $"evt-dash-{i}").ToArray();
        foreach (var (id, i) in events.Select((id, i) => (id, i)))
            (await _host.ScheduleAsync(id, Host, EventsApi.Start.AddMinutes(10 * (i + 1)))).IsSuccessStatusCode.Should().BeTrue();
        foreach (var id in events) await _host.WaitForMeetingAsync(id, "Created");
        // Every Webex call now takes 300 ms, as a slow Webex region would.
        _host.Simulator.State.AddFault(new SimFault("*", SimFaultKind.Latency, DelayMs: 300, Times: 0));
        var listsBefore = _host.Simulator.State.CallCount(SimOperations.MeetingsList);
        var getsBefore = _host.Simulator.State.CallCount(SimOperations.MeetingsGet);

        var items = await ListAsync();

        items.Should().HaveCount(60);
        items.Should().OnlyContain(i => i.GetProperty("source").GetString() == "webex" && i.GetProperty("webexState").GetString() == "active");
        _host.Simulator.State.CallCount(SimOperations.MeetingsList).Should().Be(listsBefore + 1, "one list call reads them all");
        _host.Simulator.State.CallCount(SimOperations.MeetingsGet).Should().Be(getsBefore, "no meeting is read on its own");
    }

    private async Task<JsonElement[]> ListAsync()
    {
        var from = Uri.EscapeDataString(EventsApi.Start.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(EventsApi.Start.AddDays(1).ToString("O"));
        var response = await _host.Client.GetAsync($"/api/users/{Host}/webex/meetings?from={from}&to={to}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
    }

    /// <summary>Webex as the host uses it directly, outside Zeeg.</summary>
    private HttpClient WebexAs(string email)
    {
        var client = new HttpClient { BaseAddress = _host.Simulator.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", _host.Simulator.State.IssueTokens(email).AccessToken);
        return client;
    }

    private static string Local(DateTimeOffset instant, string zone) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
