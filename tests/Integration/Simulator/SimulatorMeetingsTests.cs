using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Simulator;

public sealed class SimulatorMeetingsTests
{
    private static readonly DateTimeOffset Start = new(2030, 3, 10, 10, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Created_meeting_is_answered_with_the_full_webex_meeting_and_can_be_read_back()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;

        var created = await session.CreateMeetingAsync(token, "Intro call", ["zeeg-booking-1"]);

        created.GetProperty("title").GetString().Should().Be("Intro call");
        created.GetProperty("meetingNumber").GetString().Should().MatchRegex("^[0-9]{9,10}$");
        created.GetProperty("meetingType").GetString().Should().Be("meetingSeries");
        created.GetProperty("state").GetString().Should().Be("active");
        created.GetProperty("start").GetString().Should().Be("2030-03-10T09:00:00Z");
        created.GetProperty("end").GetString().Should().Be("2030-03-10T09:30:00Z");
        created.GetProperty("hostDisplayName").GetString().Should().Be("Host User");
        created.GetProperty("phoneAndVideoSystemPassword").GetString().Should().MatchRegex("^[0-9]{8}$");
        created.GetProperty("telephony").GetProperty("accessCode").GetString().Should().Be(created.GetProperty("meetingNumber").GetString());
        created.GetProperty("enabledBreakoutSessions").GetBoolean().Should().BeFalse();
        created.GetProperty("hostEmail").GetString().Should().Be("host@example.com");
        created.GetProperty("webLink").GetString().Should().StartWith("https://sim.webex.com/meet/");
        created.GetProperty("hostKey").GetString().Should().MatchRegex("^[0-9]{6}$");
        created.GetProperty("password").GetString().Should().NotBeNullOrEmpty();
        created.GetProperty("telephony").GetProperty("callInNumbers")[0].GetProperty("tollType").GetString().Should().Be("toll");
        created.GetProperty("integrationTags")[0].GetString().Should().Be("zeeg-booking-1");

        using var read = await session.SendAsync(HttpMethod.Get, $"v1/meetings/{created.GetProperty("id").GetString()}", token);
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("meetingNumber").GetString()
            .Should().Be(created.GetProperty("meetingNumber").GetString());
    }

    [Fact]
    public async Task Put_replaces_the_meeting_and_delete_makes_it_404()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var id = (await session.CreateMeetingAsync(token, "Before")).GetProperty("id").GetString();
        var newYork = TimeZoneInfo.ConvertTime(Start.AddHours(2), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        using var put = await session.SendAsync(HttpMethod.Put, $"v1/meetings/{id}", token, new
        {
            title = "After",
            password = "BgJep@43",
            start = newYork.ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            end = newYork.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            timezone = "America/New_York",
        });
        put.StatusCode.Should().Be(HttpStatusCode.OK);
        var replaced = await put.Content.ReadFromJsonAsync<JsonElement>();
        replaced.GetProperty("title").GetString().Should().Be("After");
        replaced.GetProperty("timezone").GetString().Should().Be("America/New_York");
        DateTimeOffset.Parse(replaced.GetProperty("start").GetString()!).Should().Be(Start.AddHours(2));

        using var delete = await session.SendAsync(HttpMethod.Delete, $"v1/meetings/{id}", token);
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var deleteAgain = await session.SendAsync(HttpMethod.Delete, $"v1/meetings/{id}", token);
        await SimulatorSession.AssertWebexErrorAsync(deleteAgain, HttpStatusCode.NotFound);
        using var get = await session.SendAsync(HttpMethod.Get, $"v1/meetings/{id}", token);
        await SimulatorSession.AssertWebexErrorAsync(get, HttpStatusCode.NotFound);
        session.State.Meetings.Should().ContainSingle(m => m.Deleted);
    }

    [Fact]
    public async Task Meeting_of_another_host_is_404()
    {
        await using var session = await SimulatorSession.StartAsync();
        var owner = session.State.IssueTokens("owner@example.com").AccessToken;
        var stranger = session.State.IssueTokens("stranger@example.com").AccessToken;
        var id = (await session.CreateMeetingAsync(owner, "Private")).GetProperty("id").GetString();

        using var get = await session.SendAsync(HttpMethod.Get, $"v1/meetings/{id}", stranger);
        using var delete = await session.SendAsync(HttpMethod.Delete, $"v1/meetings/{id}", stranger);

        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
        delete.StatusCode.Should().Be(HttpStatusCode.NotFound);
        session.State.Meetings.Should().ContainSingle(m => !m.Deleted);
    }

    [Fact]
    public async Task List_by_integration_tag_answers_only_the_callers_meetings_with_that_tag()
    {
        await using var session = await SimulatorSession.StartAsync();
        var host = session.State.IssueTokens("host@example.com").AccessToken;
        var other = session.State.IssueTokens("other@example.com").AccessToken;
        var tagged = (await session.CreateMeetingAsync(host, "Tagged", ["booking-42"])).GetProperty("id").GetString();
        await session.CreateMeetingAsync(host, "Untagged", ["booking-7"]);
        await session.CreateMeetingAsync(other, "Other host, same tag", ["booking-42"]);

        using var response = await session.SendAsync(HttpMethod.Get, "v1/meetings?integrationTag=booking-42", host);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
        items.GetArrayLength().Should().Be(1);
        items[0].GetProperty("id").GetString().Should().Be(tagged);
        session.State.Meetings.Should().OnlyContain(m => m.ClientId == session.Simulator.Options.ClientId);
    }

    [Fact]
    public async Task List_with_from_and_to_answers_meetings_starting_in_that_window()
    {
        await using var session = await SimulatorSession.StartAsync();
        var host = session.State.IssueTokens("host@example.com").AccessToken;
        await session.CreateMeetingAsync(host, "Early", start: Start);
        await session.CreateMeetingAsync(host, "Late", start: Start.AddDays(2));

        using var response = await session.SendAsync(HttpMethod.Get,
            $"v1/meetings?from={Uri.EscapeDataString(Start.AddDays(1).ToString("O"))}&to={Uri.EscapeDataString(Start.AddDays(3).ToString("O"))}", host);

        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
        items.EnumerateArray().Select(i => i.GetProperty("title").GetString()).Should().Equal("Late");
    }

    [Theory]
    [InlineData("", "2030-03-10T10:00:00+01:00", "2030-03-10T10:30:00+01:00", 0)]
    [InlineData("Call", "2030-03-10T10:00:00", "2030-03-10T10:30:00+01:00", 0)]
    [InlineData("Call", "2030-03-10T10:30:00+01:00", "2030-03-10T10:00:00+01:00", 0)]
    [InlineData("Call", "2030-03-10T10:00:00+01:00", "2030-03-10T10:30:00+01:00", 4)]
    public async Task Invalid_meeting_is_400_with_a_webex_error_and_nothing_is_created(string title, string start, string end, int tagCount)
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var body = new { title, start, end, timezone = "Europe/Berlin", integrationTags = Enumerable.Range(0, tagCount).Select(i => $"t{i}").ToArray() };

        using var response = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, body);

        await SimulatorSession.AssertWebexErrorAsync(response, HttpStatusCode.BadRequest);
        session.State.Meetings.Should().BeEmpty();
    }

    [Fact]
    public async Task Integration_tag_longer_than_64_characters_is_rejected()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;

        using var response = await session.SendAsync(HttpMethod.Post, "v1/meetings", token,
            SimulatorSession.MeetingBody("Call", Start, Start.AddHours(1), [new string('x', 65)]));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Creating_beyond_the_daily_quota_is_403_until_24_hours_have_passed()
    {
        await using var session = await SimulatorSession.StartAsync(o => o.DailyMeetingQuota = 2);
        var token = session.State.IssueTokens("busy@example.com").AccessToken;
        await session.CreateMeetingAsync(token, "One");
        await session.CreateMeetingAsync(token, "Two");

        using var third = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, SimulatorSession.MeetingBody("Three", Start, Start.AddHours(1)));

        await SimulatorSession.AssertWebexErrorAsync(third, HttpStatusCode.Forbidden);
        (await third.Content.ReadAsStringAsync()).Should().Contain("quota");
        session.Clock.Advance(TimeSpan.FromHours(24.5));
        await session.CreateMeetingAsync(token, "Next day");
    }

    [Fact]
    public async Task Status_fault_answers_429_with_retry_after_without_creating_and_the_next_call_succeeds()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        using var control = await session.Http.PostAsJsonAsync("_sim/faults",
            new { operation = "meetings.create", kind = "status", status = 429, retryAfterSeconds = 7 });
        control.StatusCode.Should().Be(HttpStatusCode.OK);

        using var limited = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, SimulatorSession.MeetingBody("Call", Start, Start.AddHours(1)));

        await SimulatorSession.AssertWebexErrorAsync(limited, HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
        session.State.Meetings.Should().BeEmpty();
        await session.CreateMeetingAsync(token, "Call");
        session.State.CallCount(SimOperations.MeetingsCreate).Should().Be(2);
    }

    [Fact]
    public async Task Status_after_processing_creates_the_meeting_but_answers_the_error()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        session.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.StatusAfterProcessing, Status: 503));

        using var response = await session.SendAsync(HttpMethod.Post, "v1/meetings", token,
            SimulatorSession.MeetingBody("Lost answer", Start, Start.AddHours(1), ["booking-lost"]));

        await SimulatorSession.AssertWebexErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        session.State.Meetings.Should().ContainSingle(m => m.Title == "Lost answer" && !m.Deleted);
        using var list = await session.SendAsync(HttpMethod.Get, "v1/meetings?integrationTag=booking-lost", token);
        (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Latency_fault_delays_the_answer_and_then_proceeds()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        session.State.AddFault(new SimFault(SimOperations.PeopleMe, SimFaultKind.Latency, DelayMs: 400));

        var watch = Stopwatch.StartNew();
        using var response = await session.SendAsync(HttpMethod.Get, "v1/people/me", token);

        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(380));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Fault_applies_only_as_many_times_as_planned_and_clearing_removes_the_rest()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        using var _ = await session.Http.PostAsJsonAsync("_sim/faults", new { operation = "*", kind = "status", status = 502, times = 2 });
        session.State.AddFault(new SimFault(SimOperations.MeetingsList, SimFaultKind.Status, 500, Times: 0));

        using var first = await session.SendAsync(HttpMethod.Get, "v1/people/me", token);
        using var second = await session.SendAsync(HttpMethod.Get, "v1/meetings", token);
        using var third = await session.SendAsync(HttpMethod.Get, "v1/people/me", token);
        using var clear = await session.Http.DeleteAsync("_sim/faults");
        using var afterClear = await session.SendAsync(HttpMethod.Get, "v1/meetings", token);

        first.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        second.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        third.StatusCode.Should().Be(HttpStatusCode.OK);
        afterClear.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_endpoint_faults_are_planned_per_grant_type()
    {
        await using var session = await SimulatorSession.StartAsync();
        var tokens = await session.ConnectAsync("host@example.com");
        session.State.AddFault(new SimFault(SimOperations.TokenRefresh, SimFaultKind.Status, 503, RetryAfterSeconds: 3));

        using var response = await session.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);

        await SimulatorSession.AssertWebexErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        session.State.RefreshGrantsUsed(tokens.GetProperty("refresh_token").GetString()!).Should().Be(0);
    }

    [Fact]
    public async Task Control_endpoints_report_meetings_and_stats_and_reset_forgets_everything()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        await session.CreateMeetingAsync(token, "Seen by control", ["t-1"]);

        var meetings = await session.Http.GetFromJsonAsync<JsonElement>("_sim/meetings");
        var stats = await session.Http.GetFromJsonAsync<JsonElement>("_sim/stats");
        using var reset = await session.Http.PostAsync("_sim/reset", null);

        meetings.GetProperty("items")[0].GetProperty("hostEmail").GetString().Should().Be("host@example.com");
        meetings.GetProperty("items")[0].GetProperty("deleted").GetBoolean().Should().BeFalse();
        stats.GetProperty("calls").GetProperty("meetings.create").GetInt32().Should().Be(1);
        session.State.Meetings.Should().BeEmpty();
        session.State.IssuedSecrets().Should().BeEmpty();
        using var afterReset = await session.SendAsync(HttpMethod.Get, "v1/people/me", token);
        afterReset.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_v1_route_is_a_webex_404()
    {
        await using var session = await SimulatorSession.StartAsync();

        using var response = await session.Http.GetAsync("v1/recordings");

        await SimulatorSession.AssertWebexErrorAsync(response, HttpStatusCode.NotFound);
    }
}
