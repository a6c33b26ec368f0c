using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ZeegWebex.WebexSimulator;

internal static partial class MeetingsEndpoints
{
    public static void MapMeetings(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/meetings", CreateAsync).Simulates(SimOperations.MeetingsCreate);
        app.MapGet("/v1/meetings/{id}", Get).Simulates(SimOperations.MeetingsGet);
        app.MapPut("/v1/meetings/{id}", ReplaceAsync).Simulates(SimOperations.MeetingsUpdate);
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
        var (draft, invalid) = await ReadDraftAsync(http, caller.Person);
        if (draft is null)
        {
            return invalid!;
        }
        var meeting = state.CreateMeeting(caller.Person, caller.ClientId, draft);
        if (meeting is null)
        {
            return WebexError.Result(http, StatusCodes.Status403Forbidden, $"The number of meetings created by this user in 24 hours exceeded the quota of {state.Options.DailyMeetingQuota}.");
        }
        return Results.Json(Render(meeting, state.Options), WebexSimulatorApp.Json);
    }

    private static IResult Get(HttpContext http, SimulatorState state, string id)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesRead);
        if (caller is null)
        {
            return refusal!;
        }
        return state.FindMeeting(id, caller.Person) is { } meeting
            ? Results.Json(Render(meeting, state.Options), WebexSimulatorApp.Json)
            : NotFound(http);
    }

    private static async Task<IResult> ReplaceAsync(HttpContext http, SimulatorState state, string id)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesWrite);
        if (caller is null)
        {
            return refusal!;
        }
        if (state.FindMeeting(id, caller.Person) is null)
        {
            return NotFound(http);
        }
        var (draft, invalid) = await ReadDraftAsync(http, caller.Person);
        if (draft is null)
        {
            return invalid!;
        }
        return state.ReplaceMeeting(id, caller.Person, draft) is { } meeting
            ? Results.Json(Render(meeting, state.Options), WebexSimulatorApp.Json)
            : NotFound(http);
    }

    private static IResult Delete(HttpContext http, SimulatorState state, string id)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesWrite);
        if (caller is null)
        {
            return refusal!;
        }
        return state.DeleteMeeting(id, caller.Person) ? Results.NoContent() : NotFound(http);
    }

    private static IResult List(HttpContext http, SimulatorState state)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesRead);
        if (caller is null)
        {
            return refusal!;
        }
        var query = http.Request.Query;
        DateTimeOffset? from = null, to = null;
        if (query["from"].ToString() is { Length: > 0 } rawFrom)
        {
            if (!TryParseInstant(rawFrom, out var parsed))
            {
                return WebexError.Result(http, StatusCodes.Status400BadRequest, "from must be an ISO 8601 date and time.");
            }
            from = parsed;
        }
        if (query["to"].ToString() is { Length: > 0 } rawTo)
        {
            if (!TryParseInstant(rawTo, out var parsed))
            {
                return WebexError.Result(http, StatusCodes.Status400BadRequest, "to must be an ISO 8601 date and time.");
            }
            to = parsed;
        }
        var tag = query["integrationTag"].ToString() is { Length: > 0 } t ? t : null;
        var items = state.ListMeetings(caller.Person, caller.ClientId, tag, from, to).Select(m => Render(m, state.Options)).ToList();
        return Results.Json(new { items }, WebexSimulatorApp.Json);
    }

    private static IResult NotFound(HttpContext http) =>
        WebexError.Result(http, StatusCodes.Status404NotFound, "The requested resource could not be found.");

    private static async Task<(MeetingDraft? Draft, IResult? Invalid)> ReadDraftAsync(HttpContext http, SimPerson host)
    {
        IResult Invalid(string message) => WebexError.Result(http, StatusCodes.Status400BadRequest, message);

        MeetingRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<MeetingRequest>(http.Request.Body, WebexSimulatorApp.Json, http.RequestAborted);
        }
        catch (JsonException)
        {
            return (null, Invalid("The request body is not valid JSON for a meeting."));
        }
        if (request is null)
        {
            return (null, Invalid("A meeting body is required."));
        }
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            return (null, Invalid("title is required."));
        }
        if (request.Title.Length > 128)
        {
            return (null, Invalid("title must be at most 128 characters."));
        }
        if (!TryParseWithOffset(request.Start, out var start))
        {
            return (null, Invalid("start must be an ISO 8601 date and time with an offset."));
        }
        if (!TryParseWithOffset(request.End, out var end))
        {
            return (null, Invalid("end must be an ISO 8601 date and time with an offset."));
        }
        if (end <= start)
        {
            return (null, Invalid("end must be after start."));
        }
        var timezone = string.IsNullOrWhiteSpace(request.Timezone) ? host.Timezone : request.Timezone;
        if (HasTimeZoneDatabase && !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _))
        {
            return (null, Invalid($"timezone {timezone} is not a valid time zone."));
        }
        if (request.IntegrationTags is { } tags)
        {
            if (tags.Count > 3)
            {
                return (null, Invalid("integrationTags can have at most 3 tags."));
            }
            if (tags.Any(tag => string.IsNullOrEmpty(tag) || tag.Length > 64))
            {
                return (null, Invalid("Each integration tag must have 1 to 64 characters."));
            }
        }
        return (new MeetingDraft(request.Title, request.Agenda ?? "", string.IsNullOrEmpty(request.Password) ? null : request.Password, timezone, start, end, request.IntegrationTags?.ToList()), null);
    }

    private static bool HasTimeZoneDatabase { get; } = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Berlin", out _);

    private static bool TryParseWithOffset(string? value, out DateTimeOffset instant)
    {
        instant = default;
        return value is not null && ExplicitOffset().IsMatch(value) && TryParseInstant(value, out instant);
    }

    private static bool TryParseInstant(string value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);

    private static object Render(SimMeeting meeting, SimulatorOptions options)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(meeting.Timezone, out var found) ? found : null;
        string Local(DateTimeOffset instant) =>
            (zone is null ? instant : TimeZoneInfo.ConvertTime(instant, zone)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        return new
        {
            id = meeting.Id,
            meetingNumber = meeting.MeetingNumber,
            title = meeting.Title,
            agenda = meeting.Agenda,
            password = meeting.Password,
            meetingType = "meetingSeries",
            state = "active",
            timezone = meeting.Timezone,
            start = Local(meeting.Start),
            end = Local(meeting.End),
            hostUserId = meeting.HostUserId,
            hostEmail = meeting.HostEmail,
            hostKey = meeting.HostKey,
            siteUrl = options.SiteUrl,
            webLink = $"https://{options.SiteUrl}/meet/j.php?MTID=m{meeting.Id}",
            sipAddress = $"{meeting.MeetingNumber}@{options.SiteUrl}",
            dialInIpAddress = "173.243.2.68",
            telephony = new
            {
                accessCode = meeting.MeetingNumber,
                callInNumbers = new[]
                {
                    new { label = "United States Toll", callInNumber = "+1-415-655-0002", tollType = "toll" },
                    new { label = "Germany Toll", callInNumber = "+49-619-6781-9736", tollType = "toll" },
                },
            },
            integrationTags = meeting.IntegrationTags,
        };
    }

    [GeneratedRegex(@"T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitOffset();

    private sealed record MeetingRequest(
        string? Title,
        string? Start,
        string? End,
        string? Timezone,
        string? Agenda,
        string? Password,
        IReadOnlyList<string>? IntegrationTags);
}
