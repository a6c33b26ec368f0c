using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using ZeegWebex.Application.Common;

namespace ZeegWebex.Api;

/// <summary>Turns the application's exceptions into RFC 9457 problem details. Anything unexpected is a 500 whose
/// body says nothing about the failure (the log has it).</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            RequestValidationException v => new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid",
            },
            BadHttpRequestException b => new ProblemDetails
            {
                Status = b.StatusCode,
                Title = b.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large" : "The request could not be read",
                Detail = b.StatusCode == StatusCodes.Status413PayloadTooLarge ? null : "The body must be valid JSON of the documented shape.",
            },
            NotFoundException n => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = n.Message },
            ConflictException c => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = c.Title, Detail = c.Message },
            OverloadedException o => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Too much work outstanding", Detail = o.Message },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong on our side" },
        };

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is OverloadedException overloaded)
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(overloaded.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
