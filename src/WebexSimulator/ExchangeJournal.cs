using System.Text;

namespace ZeegWebex.WebexSimulator;

/// <summary>Records every Webex API exchange into <see cref="SimulatorState.Exchanges"/>, so a
/// test can run any flow and then check each request and answer against the official schemas.
/// OAuth is left out: it is not in the OpenAPI files and its bodies are secrets.</summary>
internal static class ExchangeJournal
{
    public const string OperationItem = "webexsim.operation";

    public static async Task RecordAsync(HttpContext http, RequestDelegate next)
    {
        var path = http.Request.Path;
        if (!path.StartsWithSegments("/v1") || path.StartsWithSegments("/v1/authorize") || path.StartsWithSegments("/v1/access_token"))
        {
            await next(http);
            return;
        }
        var state = http.RequestServices.GetRequiredService<SimulatorState>();
        http.Request.EnableBuffering();
        var requestBody = await ReadAsync(http.Request.Body, http.RequestAborted);
        http.Request.Body.Position = 0;

        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
            buffer.Position = 0;
            var responseBody = await ReadAsync(buffer, CancellationToken.None);
            state.Record(new SimExchange(
                http.Items[OperationItem] as string ?? "unknown",
                http.Request.Method,
                path + http.Request.QueryString,
                http.Request.ContentType,
                requestBody,
                http.Response.StatusCode,
                http.Response.ContentType,
                responseBody,
                state.CurrentTime));
            buffer.Position = 0;
            if (!http.RequestAborted.IsCancellationRequested)
            {
                await buffer.CopyToAsync(original, http.RequestAborted);
            }
        }
    }

    private static async Task<string?> ReadAsync(Stream body, CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var text = await reader.ReadToEndAsync(ct);
        return text.Length == 0 ? null : text;
    }
}
