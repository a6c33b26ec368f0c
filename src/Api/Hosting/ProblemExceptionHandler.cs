using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ZeegWebex.Application.Common;
using ZeegWebex.Infrastructure.Persistence;

namespace ZeegWebex.Api.Hosting;

/// <summary>Turns the application's exceptions into RFC 9457 problem details. Anything unexpected is a 500 whose
/// body says nothing about the failure (the log has it).</summary>
public sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems, ISqlDialect dialect, IOptions<DatabaseOptions> database, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>Whether the exception is the database being locked by another writer: an expected, passing condition
    /// that is answered 503 and logged here as a warning instead of as an unhandled error.</summary>
    public static bool IsDatabaseBusy(HttpContext context, Exception exception) =>
        context.RequestServices.GetRequiredService<ISqlDialect>().IsBusy(exception);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var busy = dialect.IsBusy(exception);
        if (busy) LogDatabaseBusy(exception, httpContext.Request.Method, httpContext.Request.Path);
        ProblemDetails problem = exception switch
        {
            _ when busy => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is busy",
                Detail = "Another writer held the database for longer than we wait; nothing was changed. Send the request again after the Retry-After delay.",
            },
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
        var retryAfter = exception is OverloadedException overloaded ? overloaded.RetryAfter : busy ? database.Value.BusyRetryAfter : (TimeSpan?)null;
        if (retryAfter is { } delay)
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database was locked by another writer during {Method} {Path}; answered 503")]
    private partial void LogDatabaseBusy(Exception exception, string method, string path);
}
