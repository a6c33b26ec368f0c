using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Application.Abstractions;
using ZeegWebex.Application.Meetings.SweepMeetings;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Meetings;

/// <summary>Webex misbehaving, and our own process failing: every event still ends with exactly one meeting.</summary>
public sealed class MeetingFaultTests : IAsyncLifetime
{
    private const string Email = "faults.host@example.com";
    private readonly CrashOnceAfterWebexCreated _crash = new();
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ZeegWebexHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Meetings:RetryBaseDelay"] = "00:00:00.200",
                ["Meetings:AttemptLease"] = "00:00:02",
                ["Meetings:SweepGrace"] = "00:00:00",
                ["Webex:AttemptTimeout"] = "00:00:01",
            },
            services: s => s.Decorate<IMeetingRepository>(inner => new CrashingMeetingRepository(inner, _crash)));
        (await BrowserConsent.ConnectAsync(_host, "host-f", Email)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_429_is_retried_no_earlier_than_its_retry_after()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 429, RetryAfterSeconds: 2));
        var clock = Stopwatch.StartNew();

        await _host.ScheduleAsync("evt-429", "host-f");

        var waiting = await Eventually.WaitForAsync(() => _host.GetMeetingAsync("evt-429"), m => m.GetProperty("lastError").ValueKind == JsonValueKind.String);
        waiting.GetProperty("lastError").GetString().Should().Contain("429");
        var retryAt = waiting.GetProperty("nextAttemptAt").GetDateTimeOffset();
        var failedAt = waiting.GetProperty("updatedAt").GetDateTimeOffset();
        (retryAt - failedAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        await _host.WaitForMeetingAsync("evt-429", "Created");
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        _host.Simulator.State.CallCount(SimOperations.MeetingsCreate).Should().Be(2, "one refused call, one after the wait; no hammering");
        _host.Simulator.State.Meetings.Should().ContainSingle();
    }

    [Fact]
    public async Task A_burst_of_5xx_is_retried_with_backoff_until_created()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 503, Times: 3));

        await _host.ScheduleAsync("evt-5xx", "host-f");

        var meeting = await _host.WaitForMeetingAsync("evt-5xx", "Created");
        meeting.GetProperty("attempts").GetInt32().Should().Be(4);
        meeting.GetProperty("lastError").ValueKind.Should().Be(JsonValueKind.Null);
        _host.Simulator.State.Meetings.Should().ContainSingle();
    }

    [Fact]
    public async Task A_create_slower_than_the_timeout_ends_with_exactly_one_meeting()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Latency, DelayMs: 2500));

        await _host.ScheduleAsync("evt-slow", "host-f");

        await _host.WaitForMeetingAsync("evt-slow", "Created");
        _host.Simulator.State.Meetings.Count(m => !m.Deleted).Should().Be(1);
    }

    [Fact]
    public async Task A_create_that_succeeded_at_webex_but_answered_an_error_is_adopted_not_repeated()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.StatusAfterProcessing, 502));

        await _host.ScheduleAsync("evt-unknown", "host-f");

        var meeting = await _host.WaitForMeetingAsync("evt-unknown", "Created");
        var simulated = _host.Simulator.State.Meetings.Should().ContainSingle().Subject;
        _host.Simulator.State.CallCount(SimOperations.MeetingsCreate).Should().Be(1);
        meeting.GetProperty("location").GetProperty("webexMeetingId").GetString().Should().Be(simulated.Id);
    }

    [Fact]
    public async Task A_crash_after_webex_created_the_meeting_but_before_we_stored_it_still_ends_with_one_meeting()
    {
        _crash.Arm();

        await _host.ScheduleAsync("evt-crash", "host-f");

        await Eventually.WaitForAsync(() => Task.FromResult(_crash.Fired), fired => fired, because: "the store step fails once");
        _host.Simulator.State.Meetings.Should().ContainSingle("Webex made the meeting before the crash");
        // The job died; the sweeper (normally every minute) finds the row once its lease has run out.
        var meeting = await Eventually.WaitForAsync(
            async () =>
            {
                await using var scope = _host.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SweepMeetingsCommand());
                return await _host.GetMeetingAsync("evt-crash");
            },
            m => m.GetProperty("status").GetString() == "Created" && !m.GetProperty("syncPending").GetBoolean());

        _host.Simulator.State.Meetings.Should().ContainSingle();
        _host.Simulator.State.CallCount(SimOperations.MeetingsCreate).Should().Be(1);
        meeting.GetProperty("location").GetProperty("webexMeetingId").GetString().Should().Be(_host.Simulator.State.Meetings[0].Id);
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_meeting_with_a_readable_reason_and_no_retry()
    {
        _host.Simulator.Options.DailyMeetingQuota = 0;

        await _host.ScheduleAsync("evt-quota", "host-f");

        var meeting = await _host.WaitForMeetingAsync("evt-quota", "Failed");
        meeting.GetProperty("lastError").GetString().Should().Contain("403").And.Contain("trackingId");
        _host.Simulator.State.CallCount(SimOperations.MeetingsCreate).Should().Be(1);
        var monitoring = _host.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        var results = await Eventually.WaitForAsync(
            () => Task.FromResult(monitoring.SucceededJobs(0, 100).Select(j => j.Value.Result?.ToString() ?? "").ToArray()),
            r => r.Any(text => text.Contains("Failed")),
            because: "the job's result in the dashboard");
        results.Should().Contain(text => text.Contains("Failed") && text.Contains("403"), "operators read the reason in the dashboard");
    }

    [Fact]
    public async Task Cancelling_while_creation_is_still_retrying_leaves_no_meeting_at_webex()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.StatusAfterProcessing, 503, RetryAfterSeconds: 1));
        await _host.ScheduleAsync("evt-cancel-early", "host-f");
        await Eventually.WaitForAsync(() => _host.GetMeetingAsync("evt-cancel-early"), m => m.GetProperty("lastError").ValueKind == JsonValueKind.String);

        (await _host.Client.DeleteAsync("/api/events/evt-cancel-early")).StatusCode.Should().Be(HttpStatusCode.Accepted);

        await _host.WaitForMeetingAsync("evt-cancel-early", "Cancelled");
        _host.Simulator.State.Meetings.Should().ContainSingle().Which.Deleted.Should().BeTrue("the meeting Webex made before the error is found by its tag and deleted");
    }

    [Fact]
    public async Task Cancelling_while_webex_is_still_making_the_meeting_deletes_it_once_it_exists()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Latency, DelayMs: 700));
        await _host.ScheduleAsync("evt-cancel-inflight", "host-f");
        await Eventually.WaitForAsync(() => Task.FromResult(_host.Simulator.State.CallCount(SimOperations.MeetingsCreate)), n => n == 1);

        (await _host.Client.DeleteAsync("/api/events/evt-cancel-inflight")).StatusCode.Should().Be(HttpStatusCode.Accepted);

        await _host.WaitForMeetingAsync("evt-cancel-inflight", "Cancelled");
        _host.Simulator.State.Meetings.Should().ContainSingle().Which.Deleted.Should().BeTrue("the meeting Webex finished making after the cancel is deleted");
    }

    /// <summary>Fails the first write that would store a Webex result, as if the process died right after Webex answered.</summary>
    public sealed class CrashOnceAfterWebexCreated
    {
        private int _armed;
        private int _fired;

        public bool Fired => Volatile.Read(ref _fired) == 1;

        public void Arm() => Interlocked.Exchange(ref _armed, 1);

        public void ThrowIfArmed(WebexMeeting meeting)
        {
            if (meeting.Status == MeetingStatus.Created && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Interlocked.Exchange(ref _fired, 1);
                throw new IOException("Simulated crash between Webex's answer and our write.");
            }
        }
    }

    private sealed class CrashingMeetingRepository(IMeetingRepository inner, CrashOnceAfterWebexCreated crash) : IMeetingRepository
    {
        public Task<WebexMeeting?> FindAsync(Guid id, CancellationToken ct) => inner.FindAsync(id, ct);
        public Task<WebexMeeting?> FindByZeegEventAsync(string zeegEventId, CancellationToken ct) => inner.FindByZeegEventAsync(zeegEventId, ct);
        public Task AddAsync(WebexMeeting meeting, CancellationToken ct) => inner.AddAsync(meeting, ct);

        public Task<bool> TryClaimAsync(WebexMeeting meeting, int expectedVersion, CancellationToken ct) => inner.TryClaimAsync(meeting, expectedVersion, ct);

        public Task<bool> UpdateAsync(WebexMeeting meeting, int expectedVersion, CancellationToken ct)
        {
            crash.ThrowIfArmed(meeting);
            return inner.UpdateAsync(meeting, expectedVersion, ct);
        }

        public Task<IReadOnlyList<Guid>> FindDueAsync(DateTimeOffset dueBy, int batchSize, CancellationToken ct) => inner.FindDueAsync(dueBy, batchSize, ct);
        public Task<IReadOnlyList<Guid>> FindWaitingForReconnectWithActiveHostAsync(int batchSize, CancellationToken ct) =>
            inner.FindWaitingForReconnectWithActiveHostAsync(batchSize, ct);
        public Task<IReadOnlyList<Guid>> FindOutstandingForUserAsync(string zeegUserId, CancellationToken ct) => inner.FindOutstandingForUserAsync(zeegUserId, ct);
        public Task<IReadOnlyList<WebexMeeting>> ListForUserAsync(string zeegUserId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
            inner.ListForUserAsync(zeegUserId, from, to, ct);
        public Task<int> CountOutstandingAsync(CancellationToken ct) => inner.CountOutstandingAsync(ct);
        public Task<bool> TryAddAsync(WebexMeeting meeting, int maxOutstanding, CancellationToken ct) => inner.TryAddAsync(meeting, maxOutstanding, ct);
        public Task<int> ReadOutstandingCounterAsync(CancellationToken ct) => inner.ReadOutstandingCounterAsync(ct);
        public Task<(int Counted, int Stored)> ReconcileOutstandingCounterAsync(CancellationToken ct) => inner.ReconcileOutstandingCounterAsync(ct);
    }
}
