using System.Net;
using System.Text.Json;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Meetings;

/// <summary>A Failed meeting is not the end: the Zeeg user can retry it explicitly, and only a Failed one.</summary>
public sealed class RetryFailedMeetingTests : IAsyncLifetime
{
    private const string Host = "host-retry";
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ZeegWebexHost.StartAsync();
        (await BrowserConsent.ConnectAsync(_host, Host, "retry.host@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_failed_meeting_retried_after_the_cause_is_gone_is_created_once()
    {
        _host.Simulator.Options.DailyMeetingQuota = 0;
        await _host.ScheduleAsync("evt-retry", Host);
        await _host.WaitForMeetingAsync("evt-retry", "Failed");
        (await _host.ScheduleAsync("evt-retry", Host)).StatusCode.Should().Be(HttpStatusCode.OK, "a repeated POST is a repeat, not a retry");
        (await _host.GetMeetingAsync("evt-retry")).GetProperty("status").GetString().Should().Be("Failed");
        _host.Simulator.Options.DailyMeetingQuota = 100;

        var response = await _host.Client.PostAsync("/api/events/evt-retry/meeting/retry", null);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.Should().Be("/api/events/evt-retry/meeting");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("status").GetString().Should().Be("Pending");
        answer.GetProperty("syncPending").GetBoolean().Should().BeTrue();
        answer.GetProperty("lastError").ValueKind.Should().Be(JsonValueKind.Null);
        var meeting = await _host.WaitForMeetingAsync("evt-retry", "Created");
        _host.Simulator.State.Meetings.Should().ContainSingle();
        meeting.GetProperty("location").GetProperty("webexMeetingId").GetString().Should().Be(_host.Simulator.State.Meetings[0].Id);
        _host.Simulator.State.CallCount(SimOperations.MeetingsCreate).Should().Be(2, "the refused create and the retried one");
    }

    [Fact]
    public async Task Retrying_a_meeting_that_has_not_failed_is_a_409_problem_and_changes_nothing()
    {
        await _host.ScheduleAsync("evt-fine", Host);
        var before = await _host.WaitForMeetingAsync("evt-fine", "Created");

        var response = await _host.Client.PostAsync("/api/events/evt-fine/meeting/retry", null);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("Created");
        var after = await _host.GetMeetingAsync("evt-fine");
        after.GetProperty("updatedAt").GetDateTimeOffset().Should().Be(before.GetProperty("updatedAt").GetDateTimeOffset());
        _host.Simulator.State.CallCount(SimOperations.MeetingsCreate).Should().Be(1);
    }

    [Fact]
    public async Task Retrying_while_the_host_is_disconnected_is_a_409_that_says_to_reconnect()
    {
        _host.Simulator.Options.DailyMeetingQuota = 0;
        await _host.ScheduleAsync("evt-retry-gone", Host);
        await _host.WaitForMeetingAsync("evt-retry-gone", "Failed");
        (await _host.Client.DeleteAsync($"/api/users/{Host}/webex/connection")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var response = await _host.Client.PostAsync("/api/events/evt-retry-gone/meeting/retry", null);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("reconnect");
        (await _host.GetMeetingAsync("evt-retry-gone")).GetProperty("status").GetString().Should().Be("Failed");
    }

    [Theory]
    [InlineData("never-seen", HttpStatusCode.NotFound)]
    [InlineData("-rf", HttpStatusCode.BadRequest)]
    public async Task Retrying_an_unknown_or_malformed_event_is_a_problem(string eventId, HttpStatusCode expected)
    {
        var response = await _host.Client.PostAsync($"/api/events/{eventId}/meeting/retry", null);

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
