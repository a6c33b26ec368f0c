namespace ZeegWebex.WebexSimulator;

/// <summary>Counts every call to a Webex operation and applies the planned faults to it.</summary>
internal sealed class SimulatedOperation(Func<HttpContext, ValueTask<string>> operationOf) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var state = http.RequestServices.GetRequiredService<SimulatorState>();
        var operation = await operationOf(http);
        http.Items[ExchangeJournal.OperationItem] = operation;
        state.CountCall(operation);
        if (state.TakeFault(operation) is not { } fault)
        {
            return await next(context);
        }
        if (fault.DelayMs > 0)
        {
            // Wall-clock on purpose: latency exists to trip the client's real timeouts.
            await Task.Delay(fault.DelayMs, http.RequestAborted);
        }
        switch (fault.Kind)
        {
            case SimFaultKind.Latency:
                return await next(context);
            case SimFaultKind.StatusAfterProcessing:
                // The handlers do their work before returning a result, so the outcome is stored
                // and only the answer is lost.
                await next(context);
                http.Response.Headers.Clear();
                return WebexError.Fault(http, fault);
            default:
                return WebexError.Fault(http, fault);
        }
    }
}

internal static class SimulatedOperationExtensions
{
    public static TBuilder Simulates<TBuilder>(this TBuilder builder, string operation)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Simulates(_ => ValueTask.FromResult(operation));

    public static TBuilder Simulates<TBuilder>(this TBuilder builder, Func<HttpContext, ValueTask<string>> operationOf)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new SimulatedOperation(operationOf));
}
