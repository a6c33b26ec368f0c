using System.Net;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Meetings.SweepMeetings;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Meetings;

/// <summary>A cancellation or change after the host disconnected Webex cannot reach Webex: the answer, the meeting and
/// the webhook say so, and it is delivered once the host reconnects.</summary>
public sealed class DisconnectedHostTests : IAsyncLifetime
{
    private const string Host = "host-gone";
    private const string Email = "gone.host@example.com";
    private ZeegWebhookReceiver _zeeg = null!;
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _zeeg = await ZeegWebhookReceiver.StartAsync();
        // The sweeper runs when the test says, so what it resumes is seen step by step.
        var settings = new Dictionary<string, string?>(_zeeg.Settings) { ["Jobs:MeetingSweepCron"] = SeededConnections.NeverCron };
        _host = await ZeegWebexHost.StartAsync(settings);
        (await BrowserConsent.ConnectAsync(_host, Host, Email)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _zeeg.DisposeAsync();
    }

    [Fact]
    public async Task Cancel_after_disconnect_answers_cancel_not_delivered_keeps_the_meeting_and_deletes_it_after_the_reconnect()
    {
        await _host.ScheduleAsync("evt-gone-cancel", Host);
        var created = await _host.WaitForMeetingAsync("evt-gone-cancel", "Created");
        await DisconnectAsync();

        var response = await _host.Client.DeleteAsync("/api/events/evt-gone-cancel");

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("status").GetString().Should().Be("CancelNotDelivered");
        answer.GetProperty("syncPending").GetBoolean().Should().BeFalse();
        answer.GetProperty("lastError").GetString().Should().Contain("could not be deleted").And.Contain("disconnected").And.Contain("reconnect");
        (await _host.GetMeetingAsync("evt-gone-cancel")).GetProperty("status").GetString().Should().Be("CancelNotDelivered");
        var notice = (await _zeeg.WaitForAsync("meeting.cancel_not_delivered")).Single();
        notice.GetProperty("meeting").GetProperty("zeegEventId").GetString().Should().Be("evt-gone-cancel");
        await SweepAsync();
        var atWebex = _host.Simulator.State.Meetings.Should().ContainSingle().Subject;
        atWebex.Id.Should().Be(created.GetProperty("location").GetProperty("webexMeetingId").GetString());
        atWebex.Deleted.Should().BeFalse("nobody could tell Webex: the meeting is still there until the host reconnects");
        _host.Simulator.State.CallCount(SimOperations.MeetingsDelete).Should().Be(0);

        (await BrowserConsent.ConnectAsync(_host, Host, Email)).StatusCode.Should().Be(HttpStatusCode.OK);
        await SweepAsync();

        await _host.WaitForMeetingAsync("evt-gone-cancel", "Cancelled");
        _host.Simulator.State.Meetings.Single().Deleted.Should().BeTrue("the cancellation was delivered after the reconnect");
        await _zeeg.WaitForAsync("meeting.cancelled", m => m.GetProperty("meeting").GetProperty("zeegEventId").GetString() == "evt-gone-cancel");
    }

    [Fact]
    public async Task Reschedule_after_disconnect_answers_change_not_delivered_and_updates_the_meeting_after_the_reconnect()
    {
        await _host.ScheduleAsync("evt-gone-move", Host);
        await _host.WaitForMeetingAsync("evt-gone-move", "Created");
        await DisconnectAsync();
        var newStart = EventsApi.Start.AddDays(2);

        var response = await _host.Client.PutAsJsonAsync("/api/events/evt-gone-move", new
        {
            title = "Intro call (moved)", start = newStart, end = newStart.AddMinutes(30), timeZone = "Europe/Berlin",
        });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("status").GetString().Should().Be("ChangeNotDelivered");
        answer.GetProperty("lastError").GetString().Should().Contain("could not be updated").And.Contain("earlier");
        answer.GetProperty("location").ValueKind.Should().Be(JsonValueKind.Object, "the Webex meeting still exists and can be joined");
        await _zeeg.WaitForAsync("meeting.change_not_delivered");
        _host.Simulator.State.Meetings.Single().Title.Should().Be("Intro call");

        (await BrowserConsent.ConnectAsync(_host, Host, Email)).StatusCode.Should().Be(HttpStatusCode.OK);
        await SweepAsync();

        var updated = await _host.WaitForMeetingAsync("evt-gone-move", "Created");
        updated.GetProperty("lastError").ValueKind.Should().Be(JsonValueKind.Null);
        var atWebex = _host.Simulator.State.Meetings.Single();
        atWebex.Title.Should().Be("Intro call (moved)");
        atWebex.Start.Should().Be(newStart);
    }

    [Fact]
    public async Task Cancelling_a_meeting_that_never_reached_webex_after_disconnect_is_simply_cancelled()
    {
        _host.Simulator.Options.DailyMeetingQuota = 0;
        await _host.ScheduleAsync("evt-gone-never", Host);
        await _host.WaitForMeetingAsync("evt-gone-never", "Failed");
        await DisconnectAsync();

        var response = await _host.Client.DeleteAsync("/api/events/evt-gone-never");

        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Cancelled");
        _zeeg.OfKind("meeting.cancel_not_delivered").Should().BeEmpty("there is no Webex meeting to leave behind");
    }

    private async Task DisconnectAsync() =>
        (await _host.Client.DeleteAsync($"/api/users/{Host}/webex/connection")).StatusCode.Should().Be(HttpStatusCode.NoContent);

    private async Task SweepAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SweepMeetingsCommand());
    }
}
