using System.Net;
using System.Text;
using System.Text.Json;
using ZeegWebex.IntegrationTests.Support;

namespace ZeegWebex.IntegrationTests.Meetings;

/// <summary>What invitees may see (the location) and what only the host may see (the host key) travel apart, and the
/// join secrets are sealed at rest.</summary>
public sealed class JoinSecretsTests : IAsyncLifetime
{
    private ZeegWebhookReceiver _zeeg = null!;
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        // Zeeg answers its webhooks slowly, so the scan of the database finds the outcome notices still waiting.
        _zeeg = await ZeegWebhookReceiver.StartAsync(answerAfter: TimeSpan.FromSeconds(2));
        _host = await ZeegWebexHost.StartAsync(_zeeg.Settings);
        (await BrowserConsent.ConnectAsync(_host, "host-s", "secrets.host@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _zeeg.DisposeAsync();
    }

    [Fact]
    public async Task No_invitee_facing_answer_or_webhook_carries_the_host_key_and_only_the_host_route_does()
    {
        var scheduled = await _host.ScheduleAsync("evt-secret-1", "host-s");
        await _host.WaitForMeetingAsync("evt-secret-1", "Created");
        var simulated = _host.Simulator.State.Meetings.Should().ContainSingle().Subject;
        var created = await _zeeg.WaitForAsync("meeting.created");
        var rescheduled = await _host.Client.PutAsJsonAsync("/api/events/evt-secret-1", new
        {
            title = "Moved", start = EventsApi.Start.AddHours(1), end = EventsApi.Start.AddHours(2), timeZone = "Europe/Berlin",
        });
        await _host.WaitForMeetingAsync("evt-secret-1", "Created");
        var meetingResponse = await _host.Client.GetAsync("/api/events/evt-secret-1/meeting");
        var from = Uri.EscapeDataString(EventsApi.Start.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(EventsApi.Start.AddDays(2).ToString("O"));
        var dashboard = await _host.Client.GetStringAsync($"/api/users/host-s/webex/meetings?from={from}&to={to}");

        var meeting = JsonDocument.Parse(await meetingResponse.Content.ReadAsStringAsync()).RootElement;
        var location = meeting.GetProperty("location");
        location.GetProperty("password").GetString().Should().Be(simulated.Password, "the invitees need it to join");
        location.GetProperty("phoneAndVideoSystemPassword").GetString().Should().Be(simulated.PhoneAndVideoSystemPassword);
        location.GetProperty("meetingNumber").GetString().Should().Be(simulated.MeetingNumber);
        location.GetProperty("sipAddress").GetString().Should().NotBeNullOrEmpty();
        location.GetProperty("accessCode").GetString().Should().NotBeNullOrEmpty();
        location.GetProperty("dialInNumbers").GetArrayLength().Should().BeGreaterThan(0);
        JsonDocument.Parse(dashboard).RootElement.EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("meeting").GetProperty("location").GetProperty("password").GetString().Should().Be(simulated.Password);
        var inviteeFacing = new Dictionary<string, string>
        {
            ["POST /api/events"] = await scheduled.Content.ReadAsStringAsync(),
            ["PUT /api/events/{id}"] = await rescheduled.Content.ReadAsStringAsync(),
            ["GET /api/events/{id}/meeting"] = meeting.GetRawText(),
            ["GET /api/users/{id}/webex/meetings"] = dashboard,
            ["webhook meeting.created"] = created.Single().GetRawText(),
        };
        foreach (var (what, body) in inviteeFacing)
        {
            body.Should().NotContain("hostKey", what).And.NotContain(simulated.HostKey, what);
        }
        created.Single().GetProperty("meeting").GetProperty("location").GetProperty("password").GetString().Should().Be(simulated.Password);

        var hostResponse = await _host.Client.GetAsync("/api/events/evt-secret-1/meeting/host");

        hostResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        hostResponse.Headers.CacheControl!.NoStore.Should().BeTrue("no cache may keep the host key");
        meetingResponse.Headers.CacheControl!.NoStore.Should().BeTrue("nor the join passwords");
        var host = await hostResponse.Content.ReadFromJsonAsync<JsonElement>();
        host.GetProperty("hostKey").GetString().Should().Be(simulated.HostKey);
        host.GetProperty("hostZeegUserId").GetString().Should().Be("host-s");
        host.GetProperty("webexMeetingId").GetString().Should().Be(simulated.Id);
        string.Join('\n', _host.Logs.Lines).Should().NotContain(simulated.HostKey).And.NotContain(simulated.Password);
    }

    [Fact]
    public async Task The_host_route_answers_404_problems_until_there_is_a_meeting_to_host_and_after_it_is_cancelled()
    {
        var unknown = await _host.Client.GetAsync("/api/events/evt-unknown/meeting/host");
        var invalid = await _host.Client.GetAsync("/api/events/-x/meeting/host");
        await _host.ScheduleAsync("evt-secret-2", "host-s");
        await _host.WaitForMeetingAsync("evt-secret-2", "Created");
        (await _host.Client.DeleteAsync("/api/events/evt-secret-2")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await _host.WaitForMeetingAsync("evt-secret-2", "Cancelled");

        var cancelled = await _host.Client.GetAsync("/api/events/evt-secret-2/meeting/host");

        foreach (var response in new[] { unknown, cancelled })
        {
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("zeegEventId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task The_database_file_holds_none_of_the_join_secrets_in_plaintext()
    {
        await _host.ScheduleAsync("evt-secret-3", "host-s");
        var meeting = await _host.WaitForMeetingAsync("evt-secret-3", "Created");
        var simulated = _host.Simulator.State.Meetings.Should().ContainSingle().Subject;

        var database = await _host.ReadDatabaseBytesAsync();

        meeting.GetProperty("location").GetProperty("password").GetString().Should().Be(simulated.Password, "the service opens what it sealed");
        database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(simulated.MeetingNumber)).Should().BeGreaterThan(-1, "the scan reads the stored rows");
        foreach (var secret in new[] { simulated.Password, simulated.HostKey, simulated.PhoneAndVideoSystemPassword })
            database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).Should().Be(-1, "a join secret is stored sealed only");
    }
}
