namespace ZeegWebex.WebexSimulator;

internal static class PeopleEndpoints
{
    public static void MapPeople(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/people/me", Me).Simulates(SimOperations.PeopleMe);

    private static IResult Me(HttpContext http, SimulatorState state)
    {
        var (caller, refusal) = Bearer.Check(http, state, WebexScopes.PeopleRead);
        if (caller is null)
        {
            return refusal!;
        }
        var person = caller.Person;
        return Results.Json(
            new
            {
                id = person.Id,
                emails = new[] { person.Email },
                displayName = person.DisplayName,
                nickName = person.NickName,
                firstName = person.FirstName,
                lastName = person.LastName,
                avatar = $"https://avatar-sim.webex.com/{Uri.EscapeDataString(person.Id)}~1600",
                orgId = person.OrgId,
                timezone = person.Timezone,
                created = person.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                type = "person",
            },
            WebexSimulatorApp.Json);
    }
}
