using System.Net;
using System.Text;
using System.Text.Json;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Meetings;

public sealed class MeetingLifecycleTests : IAsyncLifetime
{
    private const string Email = "host.one@example.com";
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?> { ["Meetings:RetryBaseDelay"] = "00:00:00.200" });
        (await BrowserConsent.ConnectAsync(_host, "host-1", Email)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Scheduling_an_event_creates_one_webex_meeting_and_hands_back_every_location_detail()
    {
        var response = await _host.ScheduleAsync("evt-1", "host-1");

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Pending");
        var meeting = await _host.WaitForMeetingAsync("evt-1", "Created");

        var simulated = _host.Simulator.State.Meetings.Should().ContainSingle().Subject;
        var location = meeting.GetProperty("location");
        location.GetProperty("webexMeetingId").GetString().Should().Be(simulated.Id);
        location.GetProperty("joinLink").GetString().Should().StartWith("https://");
        location.GetProperty("meetingNumber").GetString().Should().Be(simulated.MeetingNumber);
        location.GetProperty("password").GetString().Should().Be(simulated.Password);
        location.GetProperty("sipAddress").GetString().Should().Contain("@");
        location.TryGetProperty("hostKey", out _).Should().BeFalse("the location is what invitees see; the host key has its own route");
        var host = await _host.Client.GetFromJsonAsync<JsonElement>("/api/events/evt-1/meeting/host");
        host.GetProperty("hostKey").GetString().Should().Be(simulated.HostKey);
        location.GetProperty("dialInNumbers").GetArrayLength().Should().BeGreaterThan(0);
        simulated.Title.Should().Be("Intro call");
        simulated.HostEmail.Should().Be(Email);
        simulated.IntegrationTags.Should().Equal(WebexMeeting.IntegrationTagFor("evt-1"));
        simulated.Start.Should().Be(EventsApi.Start);
    }

    /// <remarks>Needs the strict simulator for phoneAndVideoSystemPassword; the lenient one only answers telephony.accessCode.</remarks>
    [Fact]
    public async Task The_location_carries_the_phone_and_video_system_password_and_the_dial_in_access_code()
    {
        await _host.ScheduleAsync("evt-codes", "host-1");

        var location = (await _host.WaitForMeetingAsync("evt-codes", "Created")).GetProperty("location");

        location.GetProperty("accessCode").GetString().Should().MatchRegex("^[0-9]+$");
        location.GetProperty("phoneAndVideoSystemPassword").GetString().Should().MatchRegex("^[0-9]+$");
        var stored = await _host.GetMeetingAsync("evt-codes");
        stored.GetProperty("location").GetProperty("accessCode").GetString().Should().Be(location.GetProperty("accessCode").GetString());
    }

    [Fact]
    public async Task Scheduling_the_same_event_twice_makes_one_meeting()
    {
        (await _host.ScheduleAsync("evt-2", "host-1")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var again = await _host.ScheduleAsync("evt-2", "host-1");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _host.ScheduleAsync("evt-2", "host-1")));

        again.StatusCode.Should().Be(HttpStatusCode.OK);
        concurrent.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        await _host.WaitForMeetingAsync("evt-2", "Created");
        _host.Simulator.State.Meetings.Should().ContainSingle();
        _host.Simulator.State.CallCount("meetings.create").Should().Be(1);
    }

    /// <remarks>Needs the strict simulator: updates go by PATCH, which the lenient one does not serve.</remarks>
    [Fact]
    public async Task Rescheduling_updates_the_webex_meeting_times()
    {
        await _host.ScheduleAsync("evt-3", "host-1");
        await _host.WaitForMeetingAsync("evt-3", "Created");
        var newStart = EventsApi.Start.AddDays(1).AddHours(2);

        var response = await _host.Client.PutAsJsonAsync("/api/events/evt-3", new
        {
            title = "Intro call (moved)", start = newStart, end = newStart.AddMinutes(45), timeZone = "Europe/Berlin",
        });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        await Eventually.WaitForAsync(
            () => Task.FromResult(_host.Simulator.State.Meetings.Single()),
            m => m.Title == "Intro call (moved)",
            because: "the Webex meeting follows the event");
        var simulated = _host.Simulator.State.Meetings.Single();
        simulated.Start.Should().Be(newStart);
        simulated.End.Should().Be(newStart.AddMinutes(45));
        var meeting = await _host.WaitForMeetingAsync("evt-3", "Created");
        meeting.GetProperty("start").GetDateTimeOffset().Should().Be(newStart);
        meeting.GetProperty("location").GetProperty("webexMeetingId").GetString().Should().Be(simulated.Id);
        _host.Simulator.State.CallCount("meetings.update").Should().Be(1);
    }

    [Fact]
    public async Task Cancelling_deletes_the_webex_meeting()
    {
        await _host.ScheduleAsync("evt-4", "host-1");
        await _host.WaitForMeetingAsync("evt-4", "Created");

        var response = await _host.Client.DeleteAsync("/api/events/evt-4");

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        await _host.WaitForMeetingAsync("evt-4", "Cancelled");
        _host.Simulator.State.Meetings.Single().Deleted.Should().BeTrue();
    }

    [Theory]
    [InlineData("{\"zeegEventId\":\"e-x\",\"hostZeegUserId\":\"host-1\",\"title\":\"t\",\"start\":\"2027-03-15T10:00:00+01:00\",\"end\":\"2027-03-15T09:00:00+01:00\",\"timeZone\":\"Europe/Berlin\"}", "end")]
    [InlineData("{\"zeegEventId\":\"e-x\",\"hostZeegUserId\":\"host-1\",\"title\":\"t\",\"start\":\"2027-03-15T09:00:00+01:00\",\"end\":\"2027-03-15T10:00:00+01:00\",\"timeZone\":\"Mars/Olympus\"}", "timeZone")]
    [InlineData("{\"zeegEventId\":\"e-x\",\"hostZeegUserId\":\"host-1\",\"title\":\"\",\"start\":\"2027-03-15T09:00:00+01:00\",\"end\":\"2027-03-15T10:00:00+01:00\",\"timeZone\":\"Europe/Berlin\"}", "title")]
    [InlineData("{\"zeegEventId\":\"e'; DROP TABLE webex_meetings;--\",\"hostZeegUserId\":\"host-1\",\"title\":\"t\",\"start\":\"2027-03-15T09:00:00+01:00\",\"end\":\"2027-03-15T10:00:00+01:00\",\"timeZone\":\"Europe/Berlin\"}", "zeegEventId")]
    [InlineData("{\"zeegEventId\":\"e-x\",\"hostZeegUserId\":\"host-1\",\"title\":\"t\",\"start\":\"not a date\",\"end\":\"2027-03-15T10:00:00+01:00\",\"timeZone\":\"Europe/Berlin\"}", null)]
    [InlineData("{\"zeegEventId\":", null)]
    public async Task Invalid_event_is_a_problem_and_nothing_is_written(string json, string? field)
    {
        var response = await _host.Client.PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        if (field is not null)
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
    }

    [Fact]
    public async Task Scheduling_for_a_host_without_webex_is_a_conflict_and_nothing_is_written()
    {
        var response = await _host.ScheduleAsync("evt-5", "nobody");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
    }

    [Fact]
    public async Task Unknown_event_is_not_found()
    {
        var response = await _host.Client.GetAsync("/api/events/never-seen/meeting");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_and_the_call_retried()
    {
        _host.Simulator.State.ExpireAccessTokens(Email);

        await _host.ScheduleAsync("evt-6", "host-1");

        await _host.WaitForMeetingAsync("evt-6", "Created");
        _host.Simulator.State.RefreshGrantsUsedBy(Email).Should().Be(1);
        _host.Simulator.State.Meetings.Should().ContainSingle();
    }
}
