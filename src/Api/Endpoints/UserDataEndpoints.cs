using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ZeegWebex.Application.Users.EraseUserData;

namespace ZeegWebex.Api.Endpoints;

public static class UserDataEndpoints
{
    public static RouteGroupBuilder MapUserDataApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/users/{zeegUserId}/data").WithTags("User data").ProducesCredentialProblems();
        group.MapDelete("/", Erase)
            .WithSummary("Erase everything stored for the user (connection and tokens, meetings, pending connects, audit entries) and answer how many of each were removed. Meetings at Webex are left alone: cancel events first with DELETE /api/events/{id}. Erasing again answers zeros.")
            .ProducesInputProblems();
        return group;
    }

    private static async Task<Ok<ErasedUserData>> Erase(string zeegUserId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new EraseUserDataCommand(zeegUserId), ct));
}
