using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ZeegWebex.Api.Endpoints;

namespace ZeegWebex.Api.Hosting;

/// <summary>Gives every problem+json response an operation declares (see <see cref="ApiProblems"/>) the meaning of its
/// status and an example body, so the document says what the Zeeg main app gets, not just "Bad Request".</summary>
public sealed class ProblemExamplesOperationTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete || concrete.Content?.TryGetValue(ProblemJson, out var media) != true || media is null) continue;
            if (!int.TryParse(code, out var status) || ApiProblems.Describe(status) is not { } problem) continue;
            concrete.Description = problem.Description;
            media.Example = problem.Example;
        }

        return Task.CompletedTask;
    }
}
