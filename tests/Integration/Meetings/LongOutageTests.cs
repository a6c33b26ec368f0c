using System.Net;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Meetings.SyncMeeting;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Meetings;

/// <summary>Webex down for hours, with service and simulator on one movable clock: the meeting keeps being retried
/// (capped backoff) while the event is ahead, and only fails, with the reason, shortly before it starts.</summary>
public sealed class LongOutageTests : IAsyncLifetime
{
    private const string Host = "host-outage";

    /// <summary>The capped backoff (Meetings:RetryMaxDelay, 10 minutes) with its jitter of up to 20 %.</summary>
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromMinutes(12);

    private readonly ShiftedTime _time = new();
    private RunningWebexSimulator _simulator = null!;
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _simulator = await WebexSimulatorApp.StartAsync(configure: o =>
        {
            o.ClientId = ZeegWebexHost.ClientId;
            o.ClientSecret = ZeegWebexHost.ClientSecret;
        }, time: _time);
        // The test moves the clock and runs each retry itself; no background sweep in between.
        var settings = new Dictionary<string, string?>
        {
            ["Jobs:MeetingSweepCron"] = SeededConnections.NeverCron,
            ["Jobs:TokenRefreshCron"] = SeededConnections.NeverCron,
        };
        _host = await ZeegWebexHost.StartAsync(settings, _simulator, services: s => s.AddSingleton<TimeProvider>(_time));
        (await BrowserConsent.ConnectAsync(_host, Host, "outage.host@example.com")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task An_outage_of_an_hour_keeps_the_meeting_pending_and_it_is_created_once_webex_is_back()
    {
        var start = WholeMinute(_time.GetUtcNow().AddHours(6));
        _simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 503, Times: 0));
        (await _host.Client.PostAsJsonAsync("/api/events", EventsApi.Event("evt-outage", Host, start: start))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await Eventually.WaitForAsync(() => _host.GetMeetingAsync("evt-outage"), m => m.GetProperty("lastError").ValueKind == JsonValueKind.String);
        var outageEnds = _time.GetUtcNow().AddHours(1);

        JsonElement meeting;
        do
        {
            meeting = await RunNextRetryAsync("evt-outage");
            meeting.GetProperty("status").GetString().Should().Be("Pending", "the event is hours ahead: the outage is not final");
            var wait = meeting.GetProperty("nextAttemptAt").GetDateTimeOffset() - meeting.GetProperty("updatedAt").GetDateTimeOffset();
            wait.Should().BeLessThanOrEqualTo(LongestRetryDelay, "the backoff is capped");
        }
        while (_time.GetUtcNow() < outageEnds);

        meeting.GetProperty("attempts").GetInt32().Should().BeGreaterThan(8, "more attempts than the old cap that made a 10-minute outage final");
        meeting.GetProperty("lastError").GetString().Should().Contain("503");
        _simulator.State.ClearFaults();
        await RunNextRetryAsync("evt-outage");

        await _host.WaitForMeetingAsync("evt-outage", "Created");
        _simulator.State.Meetings.Should().ContainSingle();
    }

    [Fact]
    public async Task An_outage_until_the_start_ends_failed_with_a_readable_reason_just_before_the_start()
    {
        var start = WholeMinute(_time.GetUtcNow().AddHours(2));
        _simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 503, Times: 0));
        (await _host.Client.PostAsJsonAsync("/api/events", EventsApi.Event("evt-outage-long", Host, start: start))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await Eventually.WaitForAsync(() => _host.GetMeetingAsync("evt-outage-long"), m => m.GetProperty("lastError").ValueKind == JsonValueKind.String);

        var meeting = await _host.GetMeetingAsync("evt-outage-long");
        for (var run = 0; run < 100 && meeting.GetProperty("status").GetString() == "Pending"; run++)
            meeting = await RunNextRetryAsync("evt-outage-long");

        meeting.GetProperty("status").GetString().Should().Be("Failed");
        meeting.GetProperty("lastError").GetString().Should().Contain("before the event's start").And.Contain("503");
        var failedAt = meeting.GetProperty("updatedAt").GetDateTimeOffset();
        failedAt.Should().BeOnOrAfter(start.AddMinutes(-1), "retried until the configured minute before the start").And.BeBefore(start);
        meeting.GetProperty("attempts").GetInt32().Should().BeGreaterThan(8);
        _simulator.State.Meetings.Should().BeEmpty();
    }

    /// <summary>Moves both clocks to the meeting's next attempt and runs it, as the scheduled job would.</summary>
    private async Task<JsonElement> RunNextRetryAsync(string eventId)
    {
        var before = await _host.GetMeetingAsync(eventId);
        if (before.GetProperty("nextAttemptAt") is { ValueKind: JsonValueKind.String } next && next.GetDateTimeOffset() > _time.GetUtcNow())
            _time.Advance(next.GetDateTimeOffset() - _time.GetUtcNow() + TimeSpan.FromSeconds(1));

        await using var scope = _host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IMeetingRepository>().FindByZeegEventAsync(eventId, default);
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SyncMeetingCommand(stored!.Id));
        return await _host.GetMeetingAsync(eventId);
    }

    private static DateTimeOffset WholeMinute(DateTimeOffset instant) => new(instant.Year, instant.Month, instant.Day, instant.Hour, instant.Minute, 0, TimeSpan.Zero);
}
