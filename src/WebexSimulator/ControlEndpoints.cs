using System.Text.Json;

namespace ZeegWebex.WebexSimulator;

/// <summary>The test-only control surface under /_sim: no auth, never part of the Webex contract.</summary>
internal static class ControlEndpoints
{
    public static void MapSimulatorControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_sim");
        control.MapPost("/faults", AddFaultAsync);
        control.MapDelete("/faults", (SimulatorState state) =>
        {
            state.ClearFaults();
            return Results.NoContent();
        });
        control.MapPost("/tokens/expire-access", (HttpContext http, SimulatorState state) => ForPersonAsync(http, state.ExpireAccessTokens));
        control.MapPost("/tokens/revoke-refresh", (HttpContext http, SimulatorState state) => ForPersonAsync(http, state.RevokeRefreshTokens));
        control.MapPost("/tokens/expire-refresh", (HttpContext http, SimulatorState state) => ForPersonAsync(http, state.ExpireRefreshTokens));
        control.MapPost("/org/admin-approval", async (HttpContext http, SimulatorState state) =>
        {
            var body = await ReadAsync<AdminApprovalRequest>(http);
            if (body?.Required is not { } required)
            {
                return Results.BadRequest(new { message = "Body must be {\"required\": true|false}." });
            }
            state.RequireAdminApproval(required);
            return Results.Ok(new { required });
        });
        control.MapPost("/org-policy", async (HttpContext http, SimulatorState state) =>
        {
            var body = await ReadAsync<OrgPolicyRequest>(http);
            if (body?.RestrictIntegrations is not { } restrict)
            {
                return Results.BadRequest(new { message = "Body must be {\"restrictIntegrations\": true|false}." });
            }
            state.RestrictIntegrations(restrict);
            return Results.Ok(new { restrictIntegrations = restrict });
        });
        control.MapGet("/meetings", (SimulatorState state) => Results.Json(
            new
            {
                items = state.Meetings.Select(m => new
                {
                    m.Id,
                    m.MeetingNumber,
                    m.Title,
                    m.Start,
                    m.End,
                    m.Timezone,
                    m.HostUserId,
                    m.HostEmail,
                    m.ClientId,
                    m.IntegrationTags,
                    m.Created,
                    m.Updated,
                    m.Deleted,
                }),
            },
            WebexSimulatorApp.Json));
        control.MapGet("/emails", (SimulatorState state) => Results.Json(new { items = state.Emails }, WebexSimulatorApp.Json));
        control.MapGet("/exchanges", (SimulatorState state) => Results.Json(new { items = state.Exchanges }, WebexSimulatorApp.Json));
        control.MapGet("/clock", (SimulatorState state) => Results.Json(new { now = state.CurrentTime }, WebexSimulatorApp.Json));
        control.MapPost("/clock", SetClockAsync);
        control.MapGet("/stats", (SimulatorState state) => Results.Json(
            new
            {
                calls = state.CallCounts(),
                people = state.People.Select(p => new { p.Email, p.Id, refreshGrantsUsed = state.RefreshGrantsUsedBy(p.Email) }),
                meetings = state.Meetings.Count(m => !m.Deleted),
                deletedMeetings = state.Meetings.Count(m => m.Deleted),
                adminApprovalRequired = state.AdminApprovalRequired,
                integrationsRestricted = state.IntegrationsRestricted,
            },
            WebexSimulatorApp.Json));
        control.MapPost("/reset", (SimulatorState state) =>
        {
            state.Reset();
            return Results.NoContent();
        });
    }

    private static async Task<IResult> AddFaultAsync(HttpContext http, SimulatorState state)
    {
        var body = await ReadAsync<FaultRequest>(http);
        if (body is null || string.IsNullOrWhiteSpace(body.Operation))
        {
            return Results.BadRequest(new { message = "operation is required (an operation name or \"*\")." });
        }
        SimFaultKind? kind = body.Kind switch
        {
            null or "status" => SimFaultKind.Status,
            "latency" => SimFaultKind.Latency,
            "status_after_processing" => SimFaultKind.StatusAfterProcessing,
            _ => null,
        };
        if (kind is null)
        {
            return Results.BadRequest(new { message = "kind must be status, latency or status_after_processing." });
        }
        var fault = new SimFault(body.Operation, kind.Value, body.Status ?? StatusCodes.Status500InternalServerError, body.RetryAfterSeconds, body.DelayMs ?? 0, body.Times ?? 1);
        state.AddFault(fault);
        return Results.Json(fault, WebexSimulatorApp.Json);
    }

    /// <summary>Moves the simulator's clock: {"advanceSeconds": n} or {"now": "2030-03-04T09:00:00Z"}.</summary>
    private static async Task<IResult> SetClockAsync(HttpContext http, SimulatorState state)
    {
        var body = await ReadAsync<ClockRequest>(http);
        var now = body switch
        {
            { Now: { } at, AdvanceSeconds: null } => state.SetClock(at),
            { AdvanceSeconds: { } seconds, Now: null } => state.AdvanceClock(TimeSpan.FromSeconds(seconds)),
            _ => (DateTimeOffset?)null,
        };
        return now is null
            ? Results.BadRequest(new { message = "Body must be {\"advanceSeconds\": n} or {\"now\": \"<ISO 8601>\"}." })
            : Results.Json(new { now }, WebexSimulatorApp.Json);
    }

    private static async Task<IResult> ForPersonAsync(HttpContext http, Func<string, int> act)
    {
        var body = await ReadAsync<PersonRequest>(http);
        if (string.IsNullOrWhiteSpace(body?.Email))
        {
            return Results.BadRequest(new { message = "email is required." });
        }
        return Results.Ok(new { email = body.Email, affected = act(body.Email) });
    }

    private static async Task<T?> ReadAsync<T>(HttpContext http)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, WebexSimulatorApp.Json, http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record FaultRequest(string? Operation, string? Kind, int? Status, int? RetryAfterSeconds, int? DelayMs, int? Times);

    private sealed record PersonRequest(string? Email);

    private sealed record ClockRequest(double? AdvanceSeconds, DateTimeOffset? Now);

    private sealed record AdminApprovalRequest(bool? Required);

    private sealed record OrgPolicyRequest(bool? RestrictIntegrations);
}
