using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Simulator;

/// <summary>The rules webex-meeting.json writes in prose, enforced with Webex-shaped 400s. The
/// session's clock starts at 2030-03-04T09:00:00Z.</summary>
public sealed class SimulatorMeetingRulesTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 4, 9, 0, 0, TimeSpan.Zero);

    private static object Body(string start, string end, string timezone = "UTC", string title = "Call", string? agenda = null, string[]? tags = null, object[]? invitees = null) =>
        new { title, start, end, timezone, agenda, integrationTags = tags, invitees };

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("trackingId").GetString().Should().Be(response.Headers.GetValues("TrackingID").Single());
        body.GetProperty("errors")[0].GetProperty("description").GetString().Should().Contain(reason);
    }

    private static async Task<string> CreateAsync(SimulatorSession session, string token, DateTimeOffset start, string[]? tags = null, int minutes = 30)
    {
        using var response = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, Body(Utc(start), Utc(start.AddMinutes(minutes)), tags: tags));
        return (await OkJsonAsync(response)).GetProperty("id").GetString()!;
    }

    private static async Task<string[]> ListIdsAsync(SimulatorSession session, string token, string query)
    {
        using var response = await session.SendAsync(HttpMethod.Get, "v1/meetings" + query, token);
        return (await OkJsonAsync(response)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray();
    }

    [Fact]
    public async Task List_without_from_and_to_covers_now_to_seven_days_and_one_bound_gives_seven_days_from_it()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var soon = await CreateAsync(session, token, Now.AddDays(1));
        var later = await CreateAsync(session, token, Now.AddDays(8));

        (await ListIdsAsync(session, token, "")).Should().Equal(soon);
        (await ListIdsAsync(session, token, $"?from={Utc(Now.AddDays(7))}")).Should().Equal(later);
        (await ListIdsAsync(session, token, $"?to={Utc(Now.AddDays(7))}")).Should().Equal(soon);
        (await ListIdsAsync(session, token, $"?to={Utc(Now.AddDays(9))}")).Should().Equal(later);
        (await ListIdsAsync(session, token, $"?from={Utc(Now)}&to={Utc(Now.AddDays(30))}")).Should().Equal(soon, later);
    }

    [Fact]
    public async Task Integration_tag_lookup_searches_the_same_window()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var far = await CreateAsync(session, token, Now.AddDays(20), ["booking-far"]);

        (await ListIdsAsync(session, token, "?integrationTag=booking-far")).Should().BeEmpty();
        (await ListIdsAsync(session, token, $"?integrationTag=booking-far&from={Utc(Now.AddDays(19))}&to={Utc(Now.AddDays(21))}")).Should().Equal(far);
    }

    [Fact]
    public async Task List_answers_ten_by_default_and_the_rest_through_the_link_header()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        for (var i = 0; i < 12; i++)
        {
            await CreateAsync(session, token, Now.AddHours(1 + i));
        }

        using var first = await session.SendAsync(HttpMethod.Get, "v1/meetings", token);
        var firstItems = (await OkJsonAsync(first)).GetProperty("items");
        var link = first.Headers.GetValues("Link").Single();
        link.Should().MatchRegex("^<http://[^>]+>; rel=\"next\"$");
        using var second = await session.SendAsync(HttpMethod.Get, link[1..link.IndexOf('>')], token);
        var secondItems = (await OkJsonAsync(second)).GetProperty("items");

        firstItems.GetArrayLength().Should().Be(10);
        secondItems.GetArrayLength().Should().Be(2);
        second.Headers.Contains("Link").Should().BeFalse();
        firstItems.EnumerateArray().Concat(secondItems.EnumerateArray()).Select(i => i.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("?max=101", "max")]
    [InlineData("?max=0", "max")]
    [InlineData("?from=2030-03-10T00:00:00Z&to=2030-03-09T00:00:00Z", "from cannot be after to")]
    public async Task List_with_an_invalid_max_or_window_is_refused(string query, string reason)
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;

        using var response = await session.SendAsync(HttpMethod.Get, "v1/meetings" + query, token);

        await AssertRefusedAsync(response, reason);
    }

    [Fact]
    public async Task List_of_a_hundred_is_allowed()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;

        (await ListIdsAsync(session, token, "?max=100")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("2030-03-04T08:59:00Z", "2030-03-04T09:30:00Z", "UTC", "start cannot be before current date and time")]
    [InlineData("2030-03-05T10:00:00Z", "2030-03-05T10:09:00Z", "UTC", "cannot be shorter than 10 minutes")]
    [InlineData("2030-03-05T10:00:00Z", "2030-03-06T10:00:00Z", "UTC", "longer than 23 hours 59 minutes")]
    [InlineData("2030-03-10T10:00:00+00:00", "2030-03-10T10:30:00+00:00", "Europe/Berlin", "do not match")]
    [InlineData("2030-03-10T11:00:00+01:00", "2030-03-10T11:30:00+02:00", "Europe/Berlin", "do not match")]
    [InlineData("2030-03-10T10:00:00+01:00", "2030-03-10T10:30:00+01:00", "Mars/Olympus_Mons", "not a valid time zone")]
    public async Task Create_breaking_a_time_rule_is_refused_with_the_reason(string start, string end, string timezone, string reason)
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;

        using var response = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, Body(start, end, timezone));

        await AssertRefusedAsync(response, reason);
        session.State.Meetings.Should().BeEmpty();
    }

    [Theory]
    [InlineData("2030-03-05T10:00:00Z", "2030-03-05T10:10:00Z")]
    [InlineData("2030-03-05T10:00:00Z", "2030-03-06T09:59:00Z")]
    public async Task Create_of_ten_minutes_to_23_hours_59_minutes_is_accepted(string start, string end)
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;

        using var response = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, Body(start, end));

        (await OkJsonAsync(response)).GetProperty("end").GetString().Should().Be(end);
    }

    [Fact]
    public async Task Times_are_kept_to_the_minute_and_a_start_in_the_current_minute_moves_to_the_next()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        session.Clock.Advance(TimeSpan.FromSeconds(30));

        using var later = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, Body("2030-03-05T10:00:41.5Z", "2030-03-05T10:30:59Z"));
        using var thisMinute = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, Body("2030-03-04T09:00:10Z", "2030-03-04T09:30:00Z"));

        var kept = await OkJsonAsync(later);
        kept.GetProperty("start").GetString().Should().Be("2030-03-05T10:00:00Z");
        kept.GetProperty("end").GetString().Should().Be("2030-03-05T10:30:00Z");
        (await OkJsonAsync(thisMinute)).GetProperty("start").GetString().Should().Be("2030-03-04T09:01:00Z");
    }

    [Fact]
    public async Task Local_times_in_the_meeting_zone_are_accepted()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;

        using var response = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, Body("2030-07-10T10:00:00+02:00", "2030-07-10T10:30:00+02:00", "Europe/Berlin"));

        (await OkJsonAsync(response)).GetProperty("start").GetString().Should().Be("2030-07-10T08:00:00Z");
    }

    [Theory]
    [InlineData(129, 0, 0, 0, "title")]
    [InlineData(10, 1301, 0, 0, "agenda")]
    [InlineData(10, 0, 4, 0, "integrationTags")]
    [InlineData(10, 0, 0, 1001, "invitees")]
    public async Task Create_over_a_size_limit_is_refused(int titleLength, int agendaLength, int tagCount, int inviteeCount, string reason)
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var body = Body("2030-03-05T10:00:00Z", "2030-03-05T10:30:00Z", title: new string('t', titleLength), agenda: new string('a', agendaLength),
            tags: Enumerable.Range(0, tagCount).Select(i => $"t{i}").ToArray(),
            invitees: Enumerable.Range(0, inviteeCount).Select(i => (object)new { email = $"guest{i}@example.org" }).ToArray());

        using var response = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, body);

        await AssertRefusedAsync(response, reason);
    }

    [Fact]
    public async Task Create_at_the_size_limits_is_accepted_and_keeps_the_invitees()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var body = Body("2030-03-05T10:00:00Z", "2030-03-05T10:30:00Z", title: new string('t', 128), agenda: new string('a', 1300),
            tags: ["a", "b", new string('c', 64)],
            invitees: Enumerable.Range(0, 1000).Select(i => (object)new { email = $"guest{i}@example.org" }).ToArray());

        using var response = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, body);

        var id = (await OkJsonAsync(response)).GetProperty("id").GetString()!;
        session.State.InviteesOf(id).Should().HaveCount(1000);
    }

    [Fact]
    public async Task Patch_changes_only_the_given_fields_and_an_empty_tag_list_removes_the_tags()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var id = await CreateAsync(session, token, Now.AddDays(1), ["booking-1"]);
        var before = session.State.Meetings.Single();

        using var retitled = await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { title = "Renamed" });
        var afterTitle = session.State.Meetings.Single();
        using var untagged = await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { integrationTags = Array.Empty<string>() });

        var patched = await OkJsonAsync(retitled);
        patched.GetProperty("title").GetString().Should().Be("Renamed");
        patched.GetProperty("meetingSeriesId").GetString().Should().Be(id);
        afterTitle.Should().BeEquivalentTo(before, o => o.Excluding(m => m.Title).Excluding(m => m.Updated));
        afterTitle.IntegrationTags.Should().Equal("booking-1");
        (await OkJsonAsync(untagged)).GetProperty("integrationTags").GetArrayLength().Should().Be(0);
        session.State.Meetings.Single().IntegrationTags.Should().BeEmpty();
    }

    [Fact]
    public async Task Patch_of_times_applies_the_time_rules()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var id = await CreateAsync(session, token, Now.AddDays(1));

        using var past = await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { start = "2030-03-01T10:00:00Z", end = "2030-03-01T10:30:00Z" });
        using var mismatch = await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { start = "2030-03-10T10:00:00Z", end = "2030-03-10T10:30:00Z", timezone = "Europe/Berlin" });
        using var moved = await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { start = "2030-03-10T11:00:00+01:00", end = "2030-03-10T11:45:00+01:00", timezone = "Europe/Berlin" });

        await AssertRefusedAsync(past, "before current date and time");
        await AssertRefusedAsync(mismatch, "do not match");
        var answer = await OkJsonAsync(moved);
        answer.GetProperty("start").GetString().Should().Be("2030-03-10T10:00:00Z");
        answer.GetProperty("timezone").GetString().Should().Be("Europe/Berlin");
    }

    [Fact]
    public async Task Patch_of_only_the_end_in_a_zone_keeps_the_start()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var id = await CreateAsync(session, token, new DateTimeOffset(2030, 3, 10, 9, 0, 0, TimeSpan.Zero));

        using var longer = await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { end = "2030-03-10T11:00:00+01:00", timezone = "Europe/Berlin" });

        var answer = await OkJsonAsync(longer);
        answer.GetProperty("start").GetString().Should().Be("2030-03-10T09:00:00Z");
        answer.GetProperty("end").GetString().Should().Be("2030-03-10T10:00:00Z");
    }

    [Fact]
    public async Task Update_bodies_carry_no_invitees()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var id = await CreateAsync(session, token, Now.AddDays(1));

        using var response = await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { invitees = new[] { new { email = "late@example.org" } } });

        await AssertRefusedAsync(response, "invitees");
    }

    [Theory]
    [InlineData("title")]
    [InlineData("password")]
    [InlineData("start")]
    [InlineData("end")]
    public async Task Put_without_the_full_object_is_refused(string left)
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var id = await CreateAsync(session, token, Now.AddDays(1));
        var full = new Dictionary<string, string>
        {
            ["title"] = "Replaced", ["password"] = "BgJep@43", ["start"] = "2030-03-06T10:00:00Z", ["end"] = "2030-03-06T10:30:00Z", ["timezone"] = "UTC",
        };
        full.Remove(left);

        using var response = await session.SendAsync(HttpMethod.Put, $"v1/meetings/{id}", token, full);

        await AssertRefusedAsync(response, left);
        session.State.Meetings.Single().Title.Should().Be("Call");
    }

    [Fact]
    public async Task Put_without_integration_tags_removes_them()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var id = await CreateAsync(session, token, Now.AddDays(1), ["booking-1"]);

        using var response = await session.SendAsync(HttpMethod.Put, $"v1/meetings/{id}", token, new
        {
            title = "Replaced", password = "BgJep@43", start = "2030-03-06T10:00:00Z", end = "2030-03-06T10:30:00Z", timezone = "UTC",
        });

        (await OkJsonAsync(response)).GetProperty("title").GetString().Should().Be("Replaced");
        session.State.Meetings.Single().IntegrationTags.Should().BeEmpty();
    }

    [Fact]
    public async Task Invitees_of_the_create_body_are_listed_and_can_be_added_and_removed()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        using var create = await session.SendAsync(HttpMethod.Post, "v1/meetings", token,
            Body("2030-03-05T10:00:00Z", "2030-03-05T10:30:00Z", invitees: [new { email = "guest@example.org", displayName = "Guest" }]));
        var id = (await OkJsonAsync(create)).GetProperty("id").GetString();

        using var added = await session.SendAsync(HttpMethod.Post, "v1/meetingInvitees", token, new { meetingId = id, email = "second@example.org" });
        using var duplicate = await session.SendAsync(HttpMethod.Post, "v1/meetingInvitees", token, new { meetingId = id, email = "second@example.org" });
        var addedId = (await OkJsonAsync(added)).GetProperty("id").GetString();
        using var listed = await session.SendAsync(HttpMethod.Get, $"v1/meetingInvitees?meetingId={id}", token);
        var items = (await OkJsonAsync(listed)).GetProperty("items");
        using var removed = await session.SendAsync(HttpMethod.Delete, $"v1/meetingInvitees/{addedId}", token);
        using var removedAgain = await session.SendAsync(HttpMethod.Delete, $"v1/meetingInvitees/{addedId}", token);

        await SimulatorSession.AssertWebexErrorAsync(duplicate, HttpStatusCode.Conflict);
        items.EnumerateArray().Select(i => (i.GetProperty("email").GetString(), i.GetProperty("displayName").GetString()))
            .Should().Equal(("guest@example.org", "Guest"), ("second@example.org", "second@example.org"));
        items[0].GetProperty("meetingId").GetString().Should().Be(id);
        removed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await SimulatorSession.AssertWebexErrorAsync(removedAgain, HttpStatusCode.NotFound);
        session.State.InviteesOf(id!).Select(i => i.Email).Should().Equal("guest@example.org");
    }

    [Fact]
    public async Task Invitees_need_a_meeting_of_the_caller_and_the_schedule_scopes()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var readOnly = session.State.IssueTokens("reader@example.com", [WebexScopes.SchedulesRead]).AccessToken;
        var stranger = session.State.IssueTokens("stranger@example.com").AccessToken;
        var id = await CreateAsync(session, token, Now.AddDays(1));

        using var withoutMeetingId = await session.SendAsync(HttpMethod.Get, "v1/meetingInvitees", token);
        using var ofStranger = await session.SendAsync(HttpMethod.Get, $"v1/meetingInvitees?meetingId={id}", stranger);
        using var withoutWriteScope = await session.SendAsync(HttpMethod.Post, "v1/meetingInvitees", readOnly, new { meetingId = id, email = "x@example.org" });
        var writeOnly = session.State.IssueTokens("host@example.com", [WebexScopes.SchedulesWrite]).AccessToken;
        using var withoutReadScope = await session.SendAsync(HttpMethod.Get, $"v1/meetingInvitees?meetingId={id}", writeOnly);
        using var overMax = await session.SendAsync(HttpMethod.Get, $"v1/meetingInvitees?meetingId={id}&max=101", token);

        await AssertRefusedAsync(withoutMeetingId, "meetingId");
        await SimulatorSession.AssertWebexErrorAsync(ofStranger, HttpStatusCode.NotFound);
        await SimulatorSession.AssertWebexErrorAsync(withoutWriteScope, HttpStatusCode.Forbidden);
        await SimulatorSession.AssertWebexErrorAsync(withoutReadScope, HttpStatusCode.Forbidden);
        await AssertRefusedAsync(overMax, "max");
    }

    [Fact]
    public async Task Every_email_webex_would_send_is_recorded_per_recipient_unless_send_email_is_false()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        using var create = await session.SendAsync(HttpMethod.Post, "v1/meetings", token,
            Body("2030-03-05T10:00:00Z", "2030-03-05T10:30:00Z", invitees: [new { email = "guest@example.org" }]));
        var id = (await OkJsonAsync(create)).GetProperty("id").GetString();
        using var quietPatch = await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { title = "Quiet", sendEmail = false });
        using var patch = await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { title = "Loud" });
        using var invite = await session.SendAsync(HttpMethod.Post, "v1/meetingInvitees", token, new { meetingId = id, email = "late@example.org" });
        var inviteeId = (await OkJsonAsync(invite)).GetProperty("id").GetString();
        using var uninvite = await session.SendAsync(HttpMethod.Delete, $"v1/meetingInvitees/{inviteeId}", token);
        using var delete = await session.SendAsync(HttpMethod.Delete, $"v1/meetings/{id}", token);

        session.State.Emails.Select(e => (e.Recipient, e.Kind)).Should().Equal(
            ("host@example.com", SimEmailKind.Created),
            ("guest@example.org", SimEmailKind.Invited),
            ("host@example.com", SimEmailKind.Updated),
            ("guest@example.org", SimEmailKind.Updated),
            ("late@example.org", SimEmailKind.Invited),
            ("late@example.org", SimEmailKind.Removed),
            ("host@example.com", SimEmailKind.Cancelled),
            ("guest@example.org", SimEmailKind.Cancelled));
        var overHttp = await session.Http.GetFromJsonAsync<JsonElement>("_sim/emails");
        overHttp.GetProperty("items").GetArrayLength().Should().Be(8);
        overHttp.GetProperty("items")[0].GetProperty("kind").GetString().Should().Be("created");
        (await session.Http.PostAsync("_sim/reset", null)).Dispose();
        session.State.Emails.Should().BeEmpty();
    }

    [Fact]
    public async Task Delete_with_send_email_false_and_create_with_send_email_false_send_nothing()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        using var create = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, new
        {
            title = "Silent", start = "2030-03-05T10:00:00Z", end = "2030-03-05T10:30:00Z", sendEmail = false, invitees = new[] { new { email = "guest@example.org" } },
        });
        var id = (await OkJsonAsync(create)).GetProperty("id").GetString();

        using var delete = await session.SendAsync(HttpMethod.Delete, $"v1/meetings/{id}?sendEmail=false", token);

        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        session.State.Emails.Should().BeEmpty();
    }

    [Fact]
    public async Task Times_are_answered_in_utc_unless_the_timezone_header_asks_for_a_zone()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var id = await CreateAsync(session, token, new DateTimeOffset(2030, 3, 10, 9, 0, 0, TimeSpan.Zero));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/meetings/{id}");
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("timezone", "Europe/Berlin");

        using var inBerlin = await session.Http.SendAsync(request);
        using var plain = await session.SendAsync(HttpMethod.Get, $"v1/meetings/{id}", token);

        (await OkJsonAsync(inBerlin)).GetProperty("start").GetString().Should().Be("2030-03-10T10:00:00+01:00");
        (await OkJsonAsync(plain)).GetProperty("start").GetString().Should().Be("2030-03-10T09:00:00Z");
    }

    [Fact]
    public async Task Meeting_state_becomes_expired_after_its_end()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var id = await CreateAsync(session, token, Now.AddHours(1));

        using var before = await session.SendAsync(HttpMethod.Get, $"v1/meetings/{id}", token);
        session.State.AdvanceClock(TimeSpan.FromHours(1.5));
        using var after = await session.SendAsync(HttpMethod.Get, $"v1/meetings/{id}", token);

        (await OkJsonAsync(before)).GetProperty("state").GetString().Should().Be("active");
        (await OkJsonAsync(after)).GetProperty("state").GetString().Should().Be("expired");
    }

    [Fact]
    public async Task Failed_creates_count_against_the_daily_quota()
    {
        await using var session = await SimulatorSession.StartAsync(o => o.DailyMeetingQuota = 2);
        var token = session.State.IssueTokens("host@example.com").AccessToken;

        using var invalid = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, new { title = "No times" });
        await CreateAsync(session, token, Now.AddDays(1));
        using var third = await session.SendAsync(HttpMethod.Post, "v1/meetings", token, Body("2030-03-05T10:00:00Z", "2030-03-05T10:30:00Z"));

        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await SimulatorSession.AssertWebexErrorAsync(third, HttpStatusCode.Forbidden);
        session.State.Meetings.Should().ContainSingle();
    }

    [Fact]
    public async Task Injected_423_answers_with_retry_after()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        using var control = await session.Http.PostAsJsonAsync("_sim/faults", new { operation = "meetings.update", kind = "status", status = 423, retryAfterSeconds = 5 });
        var id = await CreateAsync(session, token, Now.AddDays(1));

        using var locked = await session.SendAsync(HttpMethod.Patch, $"v1/meetings/{id}", token, new { title = "Later" });

        await SimulatorSession.AssertWebexErrorAsync(locked, HttpStatusCode.Locked);
        locked.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
        session.State.Meetings.Single().Title.Should().Be("Call");
    }

    [Fact]
    public async Task Clock_is_read_and_moved_over_the_control_surface()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        var id = await CreateAsync(session, token, Now.AddHours(1));

        var read = await session.Http.GetFromJsonAsync<JsonElement>("_sim/clock");
        using var advanced = await session.Http.PostAsJsonAsync("_sim/clock", new { advanceSeconds = 7200 });
        using var meeting = await session.SendAsync(HttpMethod.Get, $"v1/meetings/{id}", token);
        using var set = await session.Http.PostAsJsonAsync("_sim/clock", new { now = "2031-01-01T00:00:00Z" });
        using var invalid = await session.Http.PostAsJsonAsync("_sim/clock", new { });

        read.GetProperty("now").GetDateTimeOffset().Should().Be(Now);
        (await OkJsonAsync(advanced)).GetProperty("now").GetDateTimeOffset().Should().Be(Now.AddHours(2));
        (await OkJsonAsync(meeting)).GetProperty("state").GetString().Should().Be("expired");
        (await OkJsonAsync(set)).GetProperty("now").GetDateTimeOffset().Should().Be(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));
        session.State.CurrentTime.Should().Be(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Journal_records_each_exchange_with_its_bodies_and_reset_clears_it()
    {
        await using var session = await SimulatorSession.StartAsync();
        var token = session.State.IssueTokens("host@example.com").AccessToken;
        await CreateAsync(session, token, Now.AddDays(1));

        var exchange = session.State.Exchanges.Should().ContainSingle().Subject;
        var overHttp = await session.Http.GetFromJsonAsync<JsonElement>("_sim/exchanges");
        (await session.Http.PostAsync("_sim/reset", null)).Dispose();

        exchange.Operation.Should().Be(SimOperations.MeetingsCreate);
        exchange.Method.Should().Be("POST");
        exchange.Path.Should().Be("/v1/meetings");
        exchange.Status.Should().Be(200);
        exchange.RequestBody.Should().Contain("\"title\":\"Call\"");
        exchange.ResponseBody.Should().Contain("\"meetingNumber\"");
        overHttp.GetProperty("items").GetArrayLength().Should().Be(1);
        session.State.Exchanges.Should().BeEmpty();
    }
}
