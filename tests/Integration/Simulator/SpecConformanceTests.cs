using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Simulator;

/// <summary>The simulator is the spec: every request a client sends it and every answer it gives
/// is checked against the official Webex OpenAPI schemas.</summary>
public sealed class SpecConformanceTests
{
    private static readonly DateTimeOffset Start = new(2030, 3, 10, 10, 0, 0, TimeSpan.FromHours(1));

    [SkippableFact]
    public async Task Every_meetings_people_and_invitees_exchange_of_a_direct_flow_matches_the_official_schemas()
    {
        var spec = WebexOpenApi.Require();
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;

        (await session.SendAsync(HttpMethod.Get, "v1/people/me", token)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var create = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, new
        {
            title = "Intro call",
            start = "2030-03-10T10:00:00+01:00",
            end = "2030-03-10T10:30:00+01:00",
            timezone = "Europe/Berlin",
            agenda = "Booked through Zeeg",
            integrationTags = new[] { "booking-1" },
            invitees = new[] { new { email = "guest@example.org", displayName = "Guest" } },
            sendEmail = true,
        });
        create.StatusCode.Should().Be(HttpStatusCode.OK);
        var id = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await session.SendAsync(HttpMethod.Get, $"v1/meetings/{id}", token)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await session.SendAsync(HttpMethod.Get, "v1/meetings?integrationTag=booking-1&from=2030-03-10T00:00:00Z&to=2030-03-11T00:00:00Z", token))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { title = "Intro call (moved)" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await session.SendAsync(HttpMethod.Put, $"v1/meetings/{id}", token, new
        {
            title = "Intro call (again)", password = "BgJep@43", start = "2030-03-10T11:00:00+01:00", end = "2030-03-10T11:30:00+01:00",
            timezone = "Europe/Berlin", integrationTags = new[] { "booking-1" },
        })).StatusCode.Should().Be(HttpStatusCode.OK);
        using var invite = await session.SendAsync(HttpMethod.Post, "v1/meetingInvitees", token, new { meetingId = id, email = "second@example.org" });
        invite.StatusCode.Should().Be(HttpStatusCode.OK);
        var inviteeId = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await session.SendAsync(HttpMethod.Get, $"v1/meetingInvitees?meetingId={id}", token)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await session.SendAsync(HttpMethod.Delete, $"v1/meetingInvitees/{inviteeId}", token)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await session.SendAsync(HttpMethod.Post, "v1/meetings", token, new { title = "In the past", start = "2030-03-01T10:00:00Z", end = "2030-03-01T10:30:00Z" }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await session.SendAsync(HttpMethod.Delete, $"v1/meetings/{id}", token)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await session.SendAsync(HttpMethod.Get, $"v1/meetings/{id}", token)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var exchanges = session.State.Exchanges;
        exchanges.Select(e => e.Operation).Distinct().Should().BeEquivalentTo(
            SimOperations.PeopleMe, SimOperations.MeetingsCreate, SimOperations.MeetingsGet, SimOperations.MeetingsList,
            SimOperations.MeetingsUpdate, SimOperations.MeetingsDelete, SimOperations.InviteesCreate, SimOperations.InviteesList,
            SimOperations.InviteesDelete);
        exchanges.Select(e => e.Method).Should().Contain(["PATCH", "PUT"]);
        exchanges.SelectMany(spec.Check).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Every_exchange_of_the_service_scheduling_rescheduling_and_cancelling_matches_the_official_schemas()
    {
        var spec = WebexOpenApi.Require();
        await using var host = await ZeegWebexHost.StartAsync(new Dictionary<string, string?> { ["Meetings:RetryBaseDelay"] = "00:00:00.200" });
        (await BrowserConsent.ConnectAsync(host, "host-spec", "host.spec@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await host.ScheduleAsync("evt-spec", "host-spec")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await host.WaitForMeetingAsync("evt-spec", "Created");
        var newStart = EventsApi.Start.AddDays(1);
        (await host.Client.PutAsJsonAsync("/api/events/evt-spec", new
        {
            title = "Intro call (moved)", start = newStart, end = newStart.AddMinutes(45), timeZone = "Europe/Berlin",
        })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await Eventually.WaitForAsync(
            () => Task.FromResult(host.Simulator.State.Meetings.Single()),
            m => m.Title == "Intro call (moved)",
            because: "the Webex meeting follows the event");
        (await host.Client.DeleteAsync("/api/events/evt-spec")).IsSuccessStatusCode.Should().BeTrue();
        await host.WaitForMeetingAsync("evt-spec", "Cancelled");

        var exchanges = host.Simulator.State.Exchanges;
        exchanges.Select(e => e.Operation).Should().Contain([SimOperations.MeetingsCreate, SimOperations.MeetingsUpdate, SimOperations.MeetingsDelete]);
        exchanges.SelectMany(spec.Check).Should().BeEmpty();
    }

    [SkippableFact]
    public void Validator_rejects_a_meeting_answer_missing_required_fields_or_with_a_value_outside_an_enum()
    {
        var spec = WebexOpenApi.Require();
        var good = JsonSerializer.Serialize(new
        {
            id = "m1", title = "t", password = "p", meetingType = "meetingSeries", state = "active", timezone = "UTC",
            start = "2030-03-10T09:00:00Z", end = "2030-03-10T09:30:00Z", hostUserId = "u", hostDisplayName = "H", hostEmail = "h@example.com",
            hostKey = "123456", siteUrl = "s.webex.com", webLink = "https://s.webex.com/j", enabledBreakoutSessions = false,
            telephony = new { accessCode = "1", callInNumbers = Array.Empty<object>() },
        });
        var withoutHostName = good.Replace("\"hostDisplayName\":\"H\",", "", StringComparison.Ordinal);
        var badState = good.Replace("\"active\"", "\"sleeping\"", StringComparison.Ordinal);

        spec.CheckResponse("GET", "/meetings/m1", 200, good).Should().BeEmpty();
        spec.CheckResponse("GET", "/meetings/m1", 200, withoutHostName).Should().NotBeEmpty();
        spec.CheckResponse("GET", "/meetings/m1", 200, badState).Should().NotBeEmpty();
        spec.CheckResponse("GET", "/meetings/m1", 200, good.Replace("\"id\":", "\"madeUp\":1,\"id\":", StringComparison.Ordinal)).Should().NotBeEmpty("a field the spec does not name");
        spec.CheckResponse("GET", "/meetings/m1", 404, """{"message":"gone"}""").Should().NotBeEmpty("a Webex error carries errors and a trackingId");
        spec.CheckResponse("GET", "/meetings/m1", 418, null).Should().NotBeEmpty("418 is not a documented answer");
    }

    [SkippableFact]
    public void Validator_rejects_a_create_body_without_title_and_an_invitee_without_email()
    {
        var spec = WebexOpenApi.Require();

        spec.CheckRequest("POST", "/meetings", """{"title":"t","start":"2030-03-10T10:00:00+01:00","end":"2030-03-10T10:30:00+01:00"}""").Should().BeEmpty();
        spec.CheckRequest("POST", "/meetings", """{"start":"2030-03-10T10:00:00+01:00","end":"2030-03-10T10:30:00+01:00"}""").Should().NotBeEmpty();
        spec.CheckRequest("POST", "/meetings", """{"title":"t","start":"x","end":"y","invitees":[{"displayName":"No email"}]}""").Should().NotBeEmpty();
        spec.CheckRequest("POST", "/meetings", """{"title":"t","start":"x","end":"y","sendEmail":"yes"}""").Should().NotBeEmpty();
        spec.CheckRequest("DELETE", "/meetings/m1", """{"unexpected":true}""").Should().NotBeEmpty("DELETE takes no body");
        spec.CheckRequest("PATCH", "/meetings/m1", """{"title":"t"}""").Should().BeEmpty();
        spec.CheckRequest("PATCH", "/meetings/m1", """{"title":"t","invitees":[{"email":"a@example.org"}]}""").Should().NotBeEmpty("update bodies have no invitees");
    }

    [Fact]
    public void Missing_spec_files_give_the_reason_to_skip_with()
    {
        var empty = Directory.CreateTempSubdirectory("zeegwebex-no-openapi-").FullName;

        var (spec, missing) = WebexOpenApi.LoadFrom(empty);

        spec.Should().BeNull();
        missing.Should().Contain("webex-meeting.json").And.Contain(WebexOpenApi.FolderVariable);
        Directory.Delete(empty);
    }

    [SkippableFact]
    public void Journal_entry_for_an_operation_the_spec_does_not_have_is_reported()
    {
        var spec = WebexOpenApi.Require();

        var problems = spec.Check(new SimExchange("x", "POST", "/v1/meetings/m1/launch", null, null, 200, null, null, DateTimeOffset.UnixEpoch));

        problems.Should().ContainSingle().Which.Should().Contain("no such operation");
    }
}
