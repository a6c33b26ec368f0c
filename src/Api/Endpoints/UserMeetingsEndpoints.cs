using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ZeegWebex.Application.Meetings.ListUserMeetings;

namespace ZeegWebex.Api.Endpoints;

public static class UserMeetingsEndpoints
{
    public static RouteGroupBuilder MapUserMeetingsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/users/{zeegUserId}/webex/meetings").WithTags("Meetings");
        group.MapGet("/", List)
            .WithSummary("The user's Webex meetings made through Zeeg between from and to (default: the next 30 days), read from Webex when it answers.");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<DashboardMeeting>>> List(
        string zeegUserId, DateTimeOffset? from, DateTimeOffset? to, IMediator mediator, TimeProvider time, CancellationToken ct)
    {
        var start = from ?? time.GetUtcNow().AddDays(-1);
        var end = to ?? start.AddDays(30);
        return TypedResults.Ok(await mediator.Send(new ListUserMeetingsQuery(zeegUserId, start, end), ct));
    }
}
