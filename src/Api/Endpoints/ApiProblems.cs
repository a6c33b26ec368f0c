using System.Text.Json.Nodes;
using ZeegWebex.Api.Hosting;

namespace ZeegWebex.Api.Endpoints;

/// <summary>The problem+json answers of the API in one table: the statuses each kind of operation can answer, and for
/// each status what it means and an example body as ProblemExceptionHandler and the credential checks write it. The
/// endpoints declare their statuses from here, and <see cref="ProblemExamplesOperationTransformer"/> documents them.</summary>
public static class ApiProblems
{
    private static readonly Dictionary<int, (string Description, JsonObject Example)> Table = new()
    {
        [StatusCodes.Status400BadRequest] = (
            "The request is not valid: `errors` names each field and what is wrong with it (or the body is not JSON of the documented shape). Nothing was stored.",
            Example(400, "The request is not valid", null, new JsonObject { ["zeegEventId"] = new JsonArray("Must be 1 to 64 characters: an ASCII letter or digit, then letters, digits or . _ : @ -") })),
        [StatusCodes.Status401Unauthorized] = (
            "No valid API key or bearer token was sent.",
            Example(401, "Authentication required", "Send a valid API key in the X-Api-Key header.", null)),
        [StatusCodes.Status404NotFound] = (
            "Nothing is known under this id.",
            Example(404, "Not found", "No meeting is known for Zeeg event 'evt-1'.", null)),
        [StatusCodes.Status409Conflict] = (
            "The request contradicts what is stored (`title` says how); nothing was changed.",
            Example(409, "Event already scheduled differently", "Zeeg event 'evt-1' is already scheduled with another title; use PUT to change it.", null)),
        [StatusCodes.Status413PayloadTooLarge] = (
            $"The body is larger than {ApiLimits.MaxBodyBytes / 1024} KB.",
            Example(413, "The request body is too large", null, null)),
        [StatusCodes.Status415UnsupportedMediaType] = (
            "The body is not sent as application/json.",
            Example(415, "The request could not be read", "The body must be valid JSON of the documented shape.", null)),
        [StatusCodes.Status429TooManyRequests] = (
            "This client address sent too many requests without a valid credential; wait for Retry-After.",
            Example(429, "Too many failed sign-ins", "This client sent too many invalid credentials; try again after the time in Retry-After.", null)),
        [StatusCodes.Status503ServiceUnavailable] = (
            "Too many meetings are still waiting to reach Webex; nothing was stored. Send it again after Retry-After.",
            Example(503, "Too much work outstanding", "5000 meetings are still waiting to reach Webex; this event was not stored. Send it again later.", null)),
    };

    /// <summary>Every /api operation: 401 without a valid credential, 429 once the address failed too often.</summary>
    public static RouteGroupBuilder ProducesCredentialProblems(this RouteGroupBuilder group) =>
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>An operation whose path or query is validated: 400 naming the field.</summary>
    public static RouteHandlerBuilder ProducesInputProblems(this RouteHandlerBuilder endpoint) => endpoint.ProducesValidationProblem();

    /// <summary>An operation with a JSON body: 400, and 413 and 415 from reading the body.</summary>
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    public static RouteHandlerBuilder ProducesNotFound(this RouteHandlerBuilder endpoint) => endpoint.ProducesProblem(StatusCodes.Status404NotFound);

    public static RouteHandlerBuilder ProducesConflict(this RouteHandlerBuilder endpoint) => endpoint.ProducesProblem(StatusCodes.Status409Conflict);

    public static RouteHandlerBuilder ProducesOverload(this RouteHandlerBuilder endpoint) => endpoint.ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <returns>What the status means and an example body; null for a status that is not a problem of this API.</returns>
    public static (string Description, JsonObject Example)? Describe(int status) =>
        Table.TryGetValue(status, out var entry) ? (entry.Description, (JsonObject)entry.Example.DeepClone()) : null;

    private static JsonObject Example(int status, string title, string? detail, JsonObject? errors)
    {
        var example = new JsonObject
        {
            ["title"] = title,
            ["status"] = status,
        };
        if (detail is not null) example["detail"] = detail;
        if (errors is not null) example["errors"] = errors;
        return example;
    }
}
