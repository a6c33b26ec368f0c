using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ZeegWebex.Application.Meetings.ListUserMeetings;

namespace ZeegWebex.Api.Endpoints;

public static class UserMeetingsEndpoints
{
    private const int DefaultDays = 30;

    public static RouteGroupBuilder MapUserMeetingsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/users/{zeegUserId}/webex/meetings").WithTags("Meetings").ProducesCredentialProblems();
        group.MapGet("/", List)
            .WithSummary("The user's Webex meetings made through Zeeg between from and to (default: the next 30 days), read from Webex when it answers.")
            .ProducesInputProblems();
        return group;
    }

    private static async Task<Ok<IReadOnlyList<DashboardMeeting>>> List(
        string zeegUserId, DateTimeOffset? from, DateTimeOffset? to, IMediator mediator, TimeProvider time, CancellationToken ct)
    {
        var start = from ?? time.GetUtcNow().AddDays(-1);
        // A start in the calendar's last 30 days has no later default end: hand the validator the latest date there
        // is, and it answers 400 naming the start, rather than the arithmetic throwing (a 500).
        var end = to ?? (start <= DateTimeOffset.MaxValue.AddDays(-DefaultDays) ? start.AddDays(DefaultDays) : DateTimeOffset.MaxValue);
        return TypedResults.Ok(await mediator.Send(new ListUserMeetingsQuery(zeegUserId, start, end), ct));
    }
}
