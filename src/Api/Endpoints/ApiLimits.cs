using Microsoft.AspNetCore.Mvc;

namespace ZeegWebex.Api.Endpoints;

public static class ApiLimits
{
    /// <summary>No request of the Zeeg main app needs more: an event with 100 invitees and a full agenda is ~10 KB.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder WithBodyLimit(this RouteGroupBuilder group) =>
        group.WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
}
