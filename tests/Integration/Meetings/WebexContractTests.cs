using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZeegWebex.Domain.Meetings;
using ZeegWebex.IntegrationTests.Support;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Meetings;

/// <summary>What we send Webex follows its contract (webex-contract.md and the Meetings spec): meetings far ahead are
/// found again by their tag, updates settle after one PATCH, nobody is e-mailed, times go as local times in the
/// meeting's zone; and what Webex would refuse we refuse up front.</summary>
public sealed class WebexContractTests : IAsyncLifetime
{
    private const string Email = "contract.host@example.com";
    private const string Host = "host-c";
    private readonly WebexTraffic _traffic = new();
    private readonly ShiftedTime _time = new();
    private ZeegWebexHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ZeegWebexHost.StartAsync(
            new Dictionary<string, string?> { ["Meetings:RetryBaseDelay"] = "00:00:00.200" },
            services: s =>
            {
                _traffic.Record(s);
                s.AddSingleton<TimeProvider>(_time);
            });
        (await BrowserConsent.ConnectAsync(_host, Host, Email)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_event_60_days_ahead_whose_create_answer_was_lost_ends_with_exactly_one_meeting()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.StatusAfterProcessing, 502));
        var start = Upcoming(TimeSpan.FromDays(60));

        (await Schedule("evt-far", start)).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var meeting = await _host.WaitForMeetingAsync("evt-far", "Created");
        var simulated = _host.Simulator.State.Meetings.Where(m => !m.Deleted).Should().ContainSingle().Subject;
        _host.Simulator.State.CallCount(SimOperations.MeetingsCreate).Should().Be(1, "the second attempt adopts what the first made");
        meeting.GetProperty("location").GetProperty("webexMeetingId").GetString().Should().Be(simulated.Id);
        var lookup = _traffic.Requests.Should().ContainSingle(r => r.Method == "GET" && r.Path == "/v1/meetings").Subject;
        lookup.QueryValue("integrationTag").Should().Be(WebexMeeting.IntegrationTagFor("evt-far"));
        DateTimeOffset.Parse(lookup.QueryValue("from")!, CultureInfo.InvariantCulture).Should().BeBefore(start);
        DateTimeOffset.Parse(lookup.QueryValue("to")!, CultureInfo.InvariantCulture).Should().BeAfter(start.AddMinutes(30));
    }

    [Fact]
    public async Task Cancelling_after_a_lost_create_answer_leaves_no_meeting_at_webex()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.StatusAfterProcessing, 503, RetryAfterSeconds: 1));
        await Schedule("evt-lost-cancel", Upcoming(TimeSpan.FromDays(60)));
        await Eventually.WaitForAsync(() => _host.GetMeetingAsync("evt-lost-cancel"), m => m.GetProperty("lastError").ValueKind == JsonValueKind.String);

        (await _host.Client.DeleteAsync("/api/events/evt-lost-cancel")).StatusCode.Should().Be(HttpStatusCode.Accepted);

        await _host.WaitForMeetingAsync("evt-lost-cancel", "Cancelled");
        _host.Simulator.State.Meetings.Should().ContainSingle().Which.Deleted.Should().BeTrue("the meeting is found by its tag 60 days out and deleted");
        _traffic.Requests.Should().Contain(r => r.Method == "DELETE" && r.QueryValue("sendEmail") == "false");
    }

    /// <remarks>Needs the strict simulator (PATCH and /meetingInvitees): the lenient one answers PATCH with 405.</remarks>
    [Fact]
    public async Task Rescheduling_with_invitees_makes_exactly_one_webex_update_and_settles()
    {
        var start = Upcoming(TimeSpan.FromDays(3));
        await Schedule("evt-move", start);
        await _host.WaitForMeetingAsync("evt-move", "Created");
        var moved = start.AddHours(2);

        var response = await _host.Client.PutAsJsonAsync("/api/events/evt-move", new
        {
            title = "Intro call (moved)", start = moved, end = moved.AddMinutes(45), timeZone = "Europe/Berlin",
            invitees = new[] { "guest@example.org", "second.guest@example.org" },
        });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var meeting = await _host.WaitForMeetingAsync("evt-move", "Created");
        meeting.GetProperty("invitees").EnumerateArray().Select(i => i.GetString()).Should().Equal("guest@example.org", "second.guest@example.org");
        _host.Simulator.State.CallCount(SimOperations.MeetingsUpdate).Should().Be(1, "one change, one update; settled means no further run is queued");
        var update = _traffic.Requests.Should().ContainSingle(r => r.Method == "PATCH").Subject;
        update.Json.TryGetProperty("invitees", out _).Should().BeFalse("invitees are their own API");
        update.Json.GetProperty("start").GetString().Should().Be(Local(moved));
        _traffic.Requests.Should().ContainSingle(r => r.Method == "POST" && r.Path == "/v1/meetingInvitees")
            .Which.Json.GetProperty("email").GetString().Should().Be("second.guest@example.org");
        _host.Simulator.State.Meetings.Single().Start.Should().Be(moved);
    }

    [Fact]
    public async Task Invitees_reach_webex_on_create_and_the_event_keeps_them()
    {
        var response = await Schedule("evt-invite", Upcoming(TimeSpan.FromDays(2)));

        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invitees")
            .EnumerateArray().Select(i => i.GetString()).Should().Equal("guest@example.org");
        await _host.WaitForMeetingAsync("evt-invite", "Created");
        var create = _traffic.Requests.Should().ContainSingle(r => r.Method == "POST" && r.Path == "/v1/meetings").Subject;
        create.Json.GetProperty("invitees").EnumerateArray().Select(i => i.GetProperty("email").GetString()).Should().Equal("guest@example.org");
        (await _host.GetMeetingAsync("evt-invite")).GetProperty("invitees").GetArrayLength().Should().Be(1);
    }

    /// <remarks>Zeeg sends its own invitations: the simulator, which records every e-mail Webex would send (sendEmail
    /// defaults to true there as at Webex), must have mailed nobody through create, reschedule with an invitee change,
    /// and cancel; and every write we sent says so explicitly.</remarks>
    [Fact]
    public async Task No_webex_email_is_sent_on_create_reschedule_invitee_change_or_delete()
    {
        var start = Upcoming(TimeSpan.FromDays(4));
        await Schedule("evt-quiet", start);
        await _host.WaitForMeetingAsync("evt-quiet", "Created");
        var moved = start.AddHours(1);
        (await _host.Client.PutAsJsonAsync("/api/events/evt-quiet", new
        {
            title = "Intro call (moved)", start = moved, end = moved.AddMinutes(30), timeZone = "Europe/Berlin",
            invitees = new[] { "other.guest@example.org" },
        })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await Eventually.WaitForAsync(() => _host.GetMeetingAsync("evt-quiet"), m => !m.GetProperty("syncPending").GetBoolean());
        await _host.Client.DeleteAsync("/api/events/evt-quiet");
        await _host.WaitForMeetingAsync("evt-quiet", "Cancelled");

        var writes = _traffic.Writes;
        writes.Select(w => w.Method).Should().Contain(["POST", "PATCH", "DELETE"]);
        _traffic.Requests.Should().Contain(r => r.Path == "/v1/meetingInvitees" && r.Method == "POST");
        foreach (var write in writes)
        {
            var sendEmail = write.Body is { Length: > 0 } ? write.Json.GetProperty("sendEmail").GetBoolean().ToString().ToLowerInvariant() : write.QueryValue("sendEmail");
            sendEmail.Should().Be("false", $"{write.Method} {write.Path} must not make Webex e-mail anyone");
        }
        _host.Simulator.State.Emails.Should().BeEmpty("Webex mails nobody when every write says sendEmail=false");
    }

    [Fact]
    public async Task A_time_without_an_offset_is_read_in_the_events_time_zone_and_sent_to_webex_in_that_zone()
    {
        var year = _time.GetUtcNow().Year + 2;
        var json = $$"""
            {"zeegEventId":"evt-local","hostZeegUserId":"{{Host}}","title":"Summer call","start":"{{year}}-07-10T10:00:00","end":"{{year}}-07-10T10:30:00","timeZone":"Europe/Berlin"}
            """;

        var response = await _host.Client.PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("start").GetString().Should().Be($"{year}-07-10T10:00:00+02:00");
        await _host.WaitForMeetingAsync("evt-local", "Created");
        var create = _traffic.Requests.Single(r => r.Method == "POST" && r.Path == "/v1/meetings").Json;
        create.GetProperty("start").GetString().Should().Be($"{year}-07-10T10:00:00+02:00");
        create.GetProperty("timezone").GetString().Should().Be("Europe/Berlin");
        _host.Simulator.State.Meetings.Single().Start.Should().Be(new DateTimeOffset(year, 7, 10, 8, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Every_answer_shows_the_times_in_the_events_zone_with_its_offset()
    {
        var start = Upcoming(TimeSpan.FromDays(5)).ToUniversalTime();
        var body = new
        {
            zeegEventId = "evt-ny", hostZeegUserId = Host, title = "Call", start = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            end = start.AddMinutes(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), timeZone = "America/New_York",
        };
        var expected = TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"))
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        var posted = await (await _host.Client.PostAsJsonAsync("/api/events", body)).Content.ReadFromJsonAsync<JsonElement>();
        var read = await _host.WaitForMeetingAsync("evt-ny", "Created");
        var listed = await _host.Client.GetFromJsonAsync<JsonElement>(
            $"/api/users/{Host}/webex/meetings?from={Uri.EscapeDataString(start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddDays(1).ToString("O"))}");
        var again = await (await _host.Client.PostAsJsonAsync("/api/events", body)).Content.ReadFromJsonAsync<JsonElement>();

        posted.GetProperty("start").GetString().Should().StartWith(expected[..19]).And.EndWith(expected[^6..]);
        read.GetProperty("start").GetString().Should().Be(posted.GetProperty("start").GetString());
        again.GetProperty("start").GetString().Should().Be(posted.GetProperty("start").GetString());
        listed[0].GetProperty("meeting").GetProperty("start").GetString().Should().Be(posted.GetProperty("start").GetString());
        listed[0].GetProperty("source").GetString().Should().Be("webex");
    }

    public static TheoryData<string, int, int, string> RefusedSchedules() => new()
    {
        { "start in the past", -60, 30, "start" },
        { "5 minutes", 60, 5, "end" },
        { "24 hours", 60, 24 * 60, "end" },
        { "1301-character agenda", 60, 30, "agenda" },
    };

    [Theory]
    [MemberData(nameof(RefusedSchedules))]
    public async Task What_webex_would_refuse_is_refused_up_front_and_nothing_is_stored(string why, int startInMinutes, int minutes, string field)
    {
        var start = Upcoming(TimeSpan.FromMinutes(startInMinutes));
        var body = new
        {
            zeegEventId = "evt-refused", hostZeegUserId = Host, title = "Call", start, end = start.AddMinutes(minutes), timeZone = "Europe/Berlin",
            agenda = why.Contains("agenda") ? new string('a', 1301) : "Fine",
        };

        var response = await _host.Client.PostAsJsonAsync("/api/events", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, why);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(why);
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
        _traffic.Writes.Should().BeEmpty();
    }

    [Fact]
    public async Task A_reschedule_into_the_past_is_refused_and_the_meeting_keeps_its_times()
    {
        var start = Upcoming(TimeSpan.FromDays(2));
        await Schedule("evt-back", start);
        await _host.WaitForMeetingAsync("evt-back", "Created");
        var past = Upcoming(TimeSpan.FromHours(-2));

        var response = await _host.Client.PutAsJsonAsync("/api/events/evt-back", new
        {
            title = "Intro call", start = past, end = past.AddMinutes(30), timeZone = "Europe/Berlin",
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("start", out _).Should().BeTrue();
        var meeting = await _host.GetMeetingAsync("evt-back");
        meeting.GetProperty("start").GetDateTimeOffset().Should().Be(start);
        meeting.GetProperty("syncPending").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_reschedule_to_the_same_schedule_asks_nothing_of_webex()
    {
        var start = Upcoming(TimeSpan.FromDays(2));
        await Schedule("evt-same", start);
        await _host.WaitForMeetingAsync("evt-same", "Created");

        var response = await _host.Client.PutAsJsonAsync("/api/events/evt-same", new
        {
            title = "Intro call", start, end = start.AddMinutes(30), timeZone = "Europe/Berlin", agenda = "Talk about the project",
            invitees = new[] { "Guest@Example.org" },
        });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("syncPending").GetBoolean().Should().BeFalse("the same schedule (invitees compared by value) is no change");
        answer.GetProperty("status").GetString().Should().Be("Created");
    }

    [Fact]
    public async Task A_local_time_the_clocks_skip_is_refused_with_the_reason()
    {
        var year = _time.GetUtcNow().Year + 2;
        var lastSundayOfMarch = Enumerable.Range(25, 7).Select(d => new DateOnly(year, 3, d)).Last(d => d.DayOfWeek == DayOfWeek.Sunday);
        var json = $$"""
            {"zeegEventId":"evt-gap","hostZeegUserId":"{{Host}}","title":"t","start":"{{lastSundayOfMarch:yyyy-MM-dd}}T02:30:00","end":"{{lastSundayOfMarch:yyyy-MM-dd}}T04:00:00","timeZone":"Europe/Berlin"}
            """;

        var response = await _host.Client.PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("start")[0].GetString().Should().Contain("does not exist in Europe/Berlin");
        (await _host.CountRowsAsync("webex_meetings")).Should().Be(0);
    }

    [Fact]
    public async Task The_same_event_id_with_a_different_body_is_a_conflict_naming_the_difference()
    {
        var start = Upcoming(TimeSpan.FromDays(6));
        (await Schedule("evt-twice", start)).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var same = await Schedule("evt-twice", start);
        var different = await Schedule("evt-twice", start.AddHours(1));

        same.StatusCode.Should().Be(HttpStatusCode.OK);
        different.StatusCode.Should().Be(HttpStatusCode.Conflict);
        different.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var detail = (await different.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        detail.Should().Contain("start").And.Contain("end").And.NotContain("title");
        (await _host.GetMeetingAsync("evt-twice")).GetProperty("start").GetDateTimeOffset().Should().Be(start);
    }

    [Fact]
    public async Task A_retry_that_finds_the_start_passed_ends_failed_with_that_reason()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 503, Times: 0));
        await Schedule("evt-late", Upcoming(TimeSpan.FromMinutes(20)));
        await Eventually.WaitForAsync(() => _host.GetMeetingAsync("evt-late"), m => m.GetProperty("lastError").ValueKind == JsonValueKind.String);

        _time.Advance(TimeSpan.FromHours(1));

        var meeting = await _host.WaitForMeetingAsync("evt-late", "Failed");
        meeting.GetProperty("lastError").GetString().Should().Contain("has passed");
        var calls = _host.Simulator.State.CallCount(SimOperations.MeetingsCreate);
        (await _host.GetMeetingAsync("evt-late")).GetProperty("syncPending").GetBoolean().Should().BeFalse();
        _host.Simulator.State.CallCount(SimOperations.MeetingsCreate).Should().Be(calls, "a failed meeting is not retried");
    }

    [Fact]
    public async Task A_423_is_transient_and_retried()
    {
        _host.Simulator.State.AddFault(new SimFault(SimOperations.MeetingsCreate, SimFaultKind.Status, 423, RetryAfterSeconds: 1));

        await Schedule("evt-423", Upcoming(TimeSpan.FromDays(1)));

        var meeting = await _host.WaitForMeetingAsync("evt-423", "Created");
        meeting.GetProperty("attempts").GetInt32().Should().Be(2);
        _host.Simulator.State.Meetings.Should().ContainSingle();
    }

    [Fact]
    public async Task A_permanent_refusal_carries_webexs_specific_reason()
    {
        _host.Simulator.Options.DailyMeetingQuota = 0;

        await Schedule("evt-quota", Upcoming(TimeSpan.FromDays(1)));

        var meeting = await _host.WaitForMeetingAsync("evt-quota", "Failed");
        meeting.GetProperty("lastError").GetString().Should().Contain("quota");
    }

    private Task<HttpResponseMessage> Schedule(string eventId, DateTimeOffset start) =>
        _host.Client.PostAsJsonAsync("/api/events", EventsApi.Event(eventId, Host, start: start));

    /// <summary>A whole minute (Webex keeps times to the minute) this far from now, in Berlin.</summary>
    private DateTimeOffset Upcoming(TimeSpan fromNow)
    {
        var at = _time.GetUtcNow() + fromNow;
        at = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);
        return TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
    }

    private static string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"))
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
