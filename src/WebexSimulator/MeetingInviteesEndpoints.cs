namespace ZeegWebex.WebexSimulator;

/// <summary>The meeting invitees API: update bodies of a meeting carry no invitees, so this is
/// where they are read, added and removed after create.</summary>
internal static class MeetingInviteesEndpoints
{
    private const int DefaultMax = 100;
    private const int MaxMax = 100;

    public static void MapMeetingInvitees(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/meetingInvitees", CreateAsync).Simulates(SimOperations.InviteesCreate);
        app.MapGet("/v1/meetingInvitees", List).Simulates(SimOperations.InviteesList);
        app.MapGet("/v1/meetingInvitees/{id}", Get).Simulates(SimOperations.InviteesGet);
        app.MapDelete("/v1/meetingInvitees/{id}", Delete).Simulates(SimOperations.InviteesDelete);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SimulatorState state)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesWrite);
        if (caller is null)
        {
            return refusal!;
        }
        var (body, unreadable) = await JsonBody.ReadAsync(http);
        if (body is null)
        {
            return MeetingsEndpoints.BadRequest(http, unreadable!);
        }
        var meetingId = body.String("meetingId");
        var email = body.String("email");
        var draft = email is null ? null : new InviteeDraft(email, body.String("displayName"), body.Boolean("coHost", false), body.Boolean("panelist", false));
        var sendEmail = body.Boolean("sendEmail", true);
        if (body.Errors.Count > 0)
        {
            return MeetingsEndpoints.BadRequest(http, body.Errors[0]);
        }
        if (meetingId is null)
        {
            return MeetingsEndpoints.BadRequest(http, "meetingId is required.");
        }
        if (MeetingsEndpoints.CheckInvitee(draft) is { } invalid)
        {
            return MeetingsEndpoints.BadRequest(http, invalid);
        }
        if (state.ListInvitees(meetingId, caller.Person) is { Count: >= MeetingRules.MaxInvitees })
        {
            return MeetingsEndpoints.BadRequest(http, $"The maximum size of invitees is {MeetingRules.MaxInvitees}.");
        }
        var (invitee, conflict) = state.AddInvitee(meetingId, caller.Person, draft!, sendEmail);
        if (conflict)
        {
            return WebexError.Result(http, StatusCodes.Status409Conflict, $"{draft!.Email} is already invited to this meeting.");
        }
        return invitee is null ? MeetingsEndpoints.NotFound(http) : Results.Json(Render(invitee), WebexSimulatorApp.Json);
    }

    private static IResult List(HttpContext http, SimulatorState state)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesRead);
        if (caller is null)
        {
            return refusal!;
        }
        if (http.Request.Query["meetingId"].ToString() is not { Length: > 0 } meetingId)
        {
            return MeetingsEndpoints.BadRequest(http, "meetingId is required.");
        }
        if (!MeetingsEndpoints.TryQueryInt(http, "max", DefaultMax, out var max) || max < 1 || max > MaxMax)
        {
            return MeetingsEndpoints.BadRequest(http, $"max must be an integer from 1 to {MaxMax}.");
        }
        return state.ListInvitees(meetingId, caller.Person) is { } invitees
            ? Results.Json(new { items = invitees.Take(max).Select(Render) }, WebexSimulatorApp.Json)
            : MeetingsEndpoints.NotFound(http);
    }

    private static IResult Get(HttpContext http, SimulatorState state, string id)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesRead);
        if (caller is null)
        {
            return refusal!;
        }
        return state.FindInvitee(id, caller.Person) is { } invitee
            ? Results.Json(Render(invitee), WebexSimulatorApp.Json)
            : MeetingsEndpoints.NotFound(http);
    }

    private static IResult Delete(HttpContext http, SimulatorState state, string id)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.SchedulesWrite);
        if (caller is null)
        {
            return refusal!;
        }
        if (!MeetingsEndpoints.TryQueryBoolean(http, "sendEmail", true, out var sendEmail))
        {
            return MeetingsEndpoints.BadRequest(http, "sendEmail must be true or false.");
        }
        return state.RemoveInvitee(id, caller.Person, sendEmail) ? Results.NoContent() : MeetingsEndpoints.NotFound(http);
    }

    private static object Render(SimInvitee invitee) => new
    {
        id = invitee.Id,
        email = invitee.Email,
        displayName = invitee.DisplayName,
        coHost = invitee.CoHost,
        meetingId = invitee.MeetingId,
        panelist = invitee.Panelist,
    };
}
