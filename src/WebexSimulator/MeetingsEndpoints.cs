using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace ZeegWebex.WebexSimulator;

internal static class MeetingsEndpoints
{
    private const int DefaultMax = 10;
    private const int MaxMax = 100;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    public static void MapMeetings(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/meetings", CreateAsync).Simulates(SimOperations.MeetingsCreate);
        app.MapGet("/v1/meetings/{id}", Get).Simulates(SimOperations.MeetingsGet);
        app.MapPatch("/v1/meetings/{id}", (HttpContext http, SimulatorState state, string id) => UpdateAsync(http, state, id, replace: false))
            .Simulates(SimOperations.MeetingsUpdate);
        app.MapPut("/v1/meetings/{id}", (HttpContext http, SimulatorState state, string id) => UpdateAsync(http, state, id, replace: true))
            .Simulates(SimOperations.MeetingsUpdate);
        app.MapDelete("/v1/meetings/{id}", Delete).Simulates(SimOperations.MeetingsDelete);
        app.MapGet("/v1/meetings", List).Simulates(SimOperations.MeetingsList);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SimulatorState state)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesWrite);
        if (caller is null)
        {
            return refusal!;
        }
        if (!state.TryCountCreateAttempt(caller.Person))
        {
            return WebexError.Result(http, StatusCodes.Status403Forbidden, $"The number of meetings created by this user in 24 hours exceeded the quota of {state.Options.DailyMeetingQuota}.");
        }
        var (body, unreadable) = await JsonBody.ReadAsync(http);
        if (body is null)
        {
            return BadRequest(http, unreadable!);
        }
        var title = body.String("title");
        var agenda = body.String("agenda");
        var password = body.String("password");
        var timezone = body.String("timezone");
        var rawStart = body.String("start");
        var rawEnd = body.String("end");
        var tags = body.Strings("integrationTags") ?? [];
        var invitees = body.Objects("invitees") ?? [];
        var sendEmail = body.Boolean("sendEmail", true);
        var inviteeDrafts = invitees.Select(ReadInvitee).ToList();
        if (body.Errors.Count > 0 || invitees.Any(i => i.Errors.Count > 0))
        {
            return BadRequest(http, body.Errors.Concat(invitees.SelectMany(i => i.Errors)).First());
        }
        if (invitees.Count > MeetingRules.MaxInvitees)
        {
            return BadRequest(http, $"The maximum size of invitees is {MeetingRules.MaxInvitees}.");
        }
        if (inviteeDrafts.Select(CheckInvitee).FirstOrDefault(e => e is not null) is { } badInvitee)
        {
            return BadRequest(http, badInvitee);
        }
        var (draft, invalid) = Check(title, agenda, password, timezone, rawStart, rawEnd, tags, caller.Person.Timezone, state.CurrentTime);
        if (draft is null)
        {
            return BadRequest(http, invalid!);
        }
        var meeting = state.CreateMeeting(caller.Person, caller.ClientId, draft, inviteeDrafts.OfType<InviteeDraft>().ToList(), sendEmail);
        return Results.Json(Render(http, meeting, state, forList: false), WebexSimulatorApp.Json);
    }

    private static IResult Get(HttpContext http, SimulatorState state, string id)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesRead);
        if (caller is null)
        {
            return refusal!;
        }
        return state.FindMeeting(id, caller.Person) is { } meeting
            ? Results.Json(Render(http, meeting, state, forList: false), WebexSimulatorApp.Json)
            : NotFound(http);
    }

    /// <summary>PATCH merges: only the fields present change. PUT (marked for deprecation) needs
    /// the full object including title, password, start and end; a missing integrationTags
    /// removes the tags there, as null does.</summary>
    private static async Task<IResult> UpdateAsync(HttpContext http, SimulatorState state, string id, bool replace)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesWrite);
        if (caller is null)
        {
            return refusal!;
        }
        if (state.FindMeeting(id, caller.Person) is not { } current)
        {
            return NotFound(http);
        }
        var (body, unreadable) = await JsonBody.ReadAsync(http);
        if (body is null)
        {
            return BadRequest(http, unreadable!);
        }
        if (replace && new[] { "title", "password", "start", "end" }.FirstOrDefault(f => body.String(f) is null) is { } missing)
        {
            return BadRequest(http, $"{missing} is required: updating a meeting with PUT needs the full meeting object.");
        }
        if (body.Has("invitees"))
        {
            return BadRequest(http, "invitees cannot be changed by updating a meeting; use the meeting invitees API.");
        }
        var title = body.Has("title") ? body.String("title") : current.Title;
        var agenda = body.Has("agenda") ? body.String("agenda") ?? "" : current.Agenda;
        var password = body.Has("password") ? body.String("password") : current.Password;
        var timezone = body.Has("timezone") ? body.String("timezone") : null;
        var rawStart = body.String("start");
        var rawEnd = body.String("end");
        // An empty or null integrationTags deletes the tags; in PUT, so does leaving it out.
        var tags = body.Has("integrationTags") || replace ? body.Strings("integrationTags") ?? [] : current.IntegrationTags;
        var sendEmail = body.Boolean("sendEmail", true);
        if (body.Errors.Count > 0)
        {
            return BadRequest(http, body.Errors[0]);
        }
        MeetingDraft? draft;
        string? invalid;
        if (rawStart is null && rawEnd is null)
        {
            // Times untouched: they are not checked against the clock again.
            (draft, invalid) = Check(title, agenda, password, timezone, null, null, tags, current.Timezone, state.CurrentTime, keepTimes: true);
            draft = draft is null ? null : draft with { Start = current.Start, End = current.End };
        }
        else
        {
            // The time left out keeps its instant, written in the zone the meeting will have, so
            // only what the client wrote is held to the offset rule.
            var zone = MeetingRules.FindZone(timezone ?? current.Timezone);
            string Kept(DateTimeOffset instant) =>
                (zone is null ? instant : TimeZoneInfo.ConvertTime(instant, zone)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            rawStart ??= Kept(current.Start);
            rawEnd ??= Kept(current.End);
            (draft, invalid) = Check(title, agenda, password, timezone, rawStart, rawEnd, tags, current.Timezone, state.CurrentTime);
        }
        if (draft is null)
        {
            return BadRequest(http, invalid!);
        }
        return state.UpdateMeeting(id, caller.Person, draft, sendEmail) is { } meeting
            ? Results.Json(Render(http, meeting, state, forList: true), WebexSimulatorApp.Json)
            : NotFound(http);
    }

    private static IResult Delete(HttpContext http, SimulatorState state, string id)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesWrite);
        if (caller is null)
        {
            return refusal!;
        }
        if (!TryQueryBoolean(http, "sendEmail", true, out var sendEmail))
        {
            return BadRequest(http, "sendEmail must be true or false.");
        }
        return state.DeleteMeeting(id, caller.Person, sendEmail) ? Results.NoContent() : NotFound(http);
    }

    /// <summary>For meetingSeries, the spec's window: from inclusive, to exclusive; without
    /// either it is now .. now + 7 days, with only one of them 7 days from it. That holds for
    /// integrationTag lookups too.</summary>
    private static IResult List(HttpContext http, SimulatorState state)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesRead);
        if (caller is null)
        {
            return refusal!;
        }
        var query = http.Request.Query;
        if (query["meetingType"].ToString() is { Length: > 0 } meetingType && meetingType != "meetingSeries")
        {
            return BadRequest(http, $"meetingType {meetingType} is not simulated; only meetingSeries is.");
        }
        DateTimeOffset? from = null;
        DateTimeOffset? to = null;
        if (query["from"].ToString() is { Length: > 0 } rawFrom)
        {
            if (!MeetingRules.TryParseInstant(rawFrom, out var parsed))
            {
                return BadRequest(http, "from must be an ISO 8601 date and time.");
            }
            from = parsed;
        }
        if (query["to"].ToString() is { Length: > 0 } rawTo)
        {
            if (!MeetingRules.TryParseInstant(rawTo, out var parsed))
            {
                return BadRequest(http, "to must be an ISO 8601 date and time.");
            }
            to = parsed;
        }
        var windowFrom = from ?? (to is { } end ? end - DefaultWindow : state.CurrentTime);
        var windowTo = to ?? windowFrom + DefaultWindow;
        if (windowFrom > windowTo)
        {
            return BadRequest(http, "from cannot be after to.");
        }
        if (!TryQueryInt(http, "max", DefaultMax, out var max) || max < 1 || max > MaxMax)
        {
            return BadRequest(http, $"max must be an integer from 1 to {MaxMax}.");
        }
        if (!TryQueryInt(http, "offset", 0, out var offset) || offset < 0)
        {
            return BadRequest(http, "offset must be a non-negative integer.");
        }
        var tag = query["integrationTag"].ToString() is { Length: > 0 } t ? t : null;
        var found = state.ListMeetings(caller.Person, caller.ClientId, tag, windowFrom, windowTo);
        var page = found.Skip(offset).Take(max).Select(m => Render(http, m, state, forList: true)).ToList();
        if (offset + max < found.Count)
        {
            http.Response.Headers.Link = $"<{NextPage(http, windowFrom, windowTo, max, offset + max)}>; rel=\"next\"";
        }
        return Results.Json(new { items = page }, WebexSimulatorApp.Json);
    }

    /// <summary>The next page carries the window it was resolved to, so "now" moving between
    /// pages does not shift it.</summary>
    private static string NextPage(HttpContext http, DateTimeOffset from, DateTimeOffset to, int max, int offset)
    {
        var query = http.Request.Query
            .Where(p => p.Key is not ("from" or "to" or "max" or "offset"))
            .ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query["from"] = from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        query["to"] = to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        query["max"] = max.ToString(CultureInfo.InvariantCulture);
        query["offset"] = offset.ToString(CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}", query);
    }

    private static (MeetingDraft? Draft, string? Error) Check(
        string? title, string? agenda, string? password, string? timezone, string? rawStart, string? rawEnd,
        IReadOnlyList<string> tags, string fallbackTimezone, DateTimeOffset now, bool keepTimes = false)
    {
        var error = MeetingRules.CheckTitle(title) ?? MeetingRules.CheckAgenda(agenda) ?? MeetingRules.CheckTags(tags)
            ?? (timezone is null ? null : MeetingRules.CheckTimezone(timezone));
        if (error is not null)
        {
            return (null, error);
        }
        var zone = timezone ?? fallbackTimezone;
        if (keepTimes)
        {
            return (new MeetingDraft(title!, agenda ?? "", password, zone, default, default, tags), null);
        }
        if (!MeetingRules.TryParseTime(rawStart, out var start))
        {
            return (null, "start is required and must be an ISO 8601 date and time with an offset.");
        }
        if (!MeetingRules.TryParseTime(rawEnd, out var end))
        {
            return (null, "end is required and must be an ISO 8601 date and time with an offset.");
        }
        // Offsets are checked only against a timezone the request names: with none, Webex uses
        // the host's preference and what it does with a foreign offset is not documented.
        if (timezone is not null && (MeetingRules.CheckOffset("start", start, timezone) ?? MeetingRules.CheckOffset("end", end, timezone)) is { } mismatch)
        {
            return (null, mismatch);
        }
        var (keptStart, keptEnd, timeError) = MeetingRules.CheckTimes(start, end, now);
        return timeError is null
            ? (new MeetingDraft(title!, agenda ?? "", password, zone, keptStart, keptEnd, tags), null)
            : (null, timeError);
    }

    private static InviteeDraft? ReadInvitee(JsonBody invitee)
    {
        var email = invitee.String("email");
        var displayName = invitee.String("displayName");
        var coHost = invitee.Boolean("coHost", false);
        var panelist = invitee.Boolean("panelist", false);
        return email is null ? null : new InviteeDraft(email, displayName, coHost, panelist);
    }

    internal static string? CheckInvitee(InviteeDraft? invitee) => invitee switch
    {
        null => "email is required for every invitee.",
        { Email: var email } when !email.Contains('@', StringComparison.Ordinal) => $"{email} is not a valid email address.",
        { DisplayName.Length: > MeetingRules.MaxDisplayName } => $"displayName can be a maximum of {MeetingRules.MaxDisplayName} characters long.",
        _ => null,
    };

    internal static bool TryQueryBoolean(HttpContext http, string name, bool fallback, out bool value)
    {
        value = fallback;
        var raw = http.Request.Query[name].ToString();
        return raw.Length == 0 || bool.TryParse(raw, out value);
    }

    internal static bool TryQueryInt(HttpContext http, string name, int fallback, out int value)
    {
        value = fallback;
        var raw = http.Request.Query[name].ToString();
        return raw.Length == 0 || int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    internal static IResult BadRequest(HttpContext http, string reason) =>
        WebexError.Result(http, StatusCodes.Status400BadRequest, reason);

    internal static IResult NotFound(HttpContext http) =>
        WebexError.Result(http, StatusCodes.Status404NotFound, "The requested resource could not be found.");

    /// <summary>Times are UTC unless the request's timezone header names a zone. List, PATCH and
    /// PUT answer MeetingObjectForListMeeting, which requires meetingSeriesId.</summary>
    private static Dictionary<string, object?> Render(HttpContext http, SimMeeting meeting, SimulatorState state, bool forList)
    {
        var options = state.Options;
        var zone = http.Request.Headers["timezone"].ToString() is { Length: > 0 } asked ? MeetingRules.FindZone(asked) : null;
        string Time(DateTimeOffset instant) => zone is null
            ? instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        var rendered = new Dictionary<string, object?>
        {
            ["id"] = meeting.Id,
        };
        if (forList)
        {
            rendered["meetingSeriesId"] = meeting.Id;
        }
        rendered["meetingNumber"] = meeting.MeetingNumber;
        rendered["title"] = meeting.Title;
        rendered["agenda"] = meeting.Agenda;
        rendered["password"] = meeting.Password;
        rendered["phoneAndVideoSystemPassword"] = meeting.PhoneAndVideoSystemPassword;
        rendered["meetingType"] = "meetingSeries";
        rendered["state"] = state.CurrentTime >= meeting.End ? "expired" : "active";
        rendered["timezone"] = meeting.Timezone;
        rendered["start"] = Time(meeting.Start);
        rendered["end"] = Time(meeting.End);
        rendered["hostUserId"] = meeting.HostUserId;
        rendered["hostDisplayName"] = meeting.HostDisplayName;
        rendered["hostEmail"] = meeting.HostEmail;
        rendered["hostKey"] = meeting.HostKey;
        rendered["siteUrl"] = options.SiteUrl;
        rendered["webLink"] = $"https://{options.SiteUrl}/meet/j.php?MTID=m{meeting.Id}";
        rendered["sipAddress"] = $"{meeting.MeetingNumber}@{options.SiteUrl}";
        rendered["dialInIpAddress"] = "173.243.2.68";
        rendered["enabledAutoRecordMeeting"] = false;
        rendered["allowAnyUserToBeCoHost"] = false;
        rendered["enabledJoinBeforeHost"] = false;
        rendered["enableConnectAudioBeforeHost"] = false;
        rendered["excludePassword"] = false;
        rendered["publicMeeting"] = false;
        rendered["enableAutomaticLock"] = false;
        rendered["unlockedMeetingJoinSecurity"] = "allowJoinWithLobby";
        rendered["scheduledType"] = "meeting";
        rendered["telephony"] = new
        {
            accessCode = meeting.MeetingNumber,
            callInNumbers = new[]
            {
                new { label = "United States Toll", callInNumber = "+1-415-655-0002", tollType = "toll" },
                new { label = "Germany Toll", callInNumber = "+49-619-6781-9736", tollType = "toll" },
            },
        };
        rendered["integrationTags"] = meeting.IntegrationTags;
        rendered["enabledBreakoutSessions"] = false;
        return rendered;
    }
}
