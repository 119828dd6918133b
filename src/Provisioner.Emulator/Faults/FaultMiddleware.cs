namespace Provisioner.Emulator.Faults;

/// <summary>Applies <see cref="FaultInjector"/> decisions in front of the gateway, like a flaky network or an
/// overloaded edge would: status faults never reach the service; drop faults reach it and lose the answer.</summary>
internal static class FaultMiddleware
{
    public const string ItemKey = "emulator.fault";
    public const string DropFault = "drop";
    public const string DelayResponseFault = "delay-response";

    public static IApplicationBuilder UseFaults(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var faults = context.RequestServices.GetRequiredService<FaultInjector>();
        var time = context.RequestServices.GetRequiredService<EmulatorOptions>().TimeProvider;
        var decision = faults.Decide(context.Request.Method, context.Request.Path.Value ?? "/",
            context.Request.Headers["x-gw-ims-org-id"].ToString(), time.GetUtcNow());
        if (ReferenceEquals(decision, FaultDecision.None))
        {
            await next(context);
            return;
        }

        if (decision.Latency > TimeSpan.Zero)
        {
            context.Items[ItemKey] = "latency";
            await Task.Delay(decision.Latency, time, context.RequestAborted);
        }

        switch (decision.Terminal)
        {
            case null:
                await next(context);
                break;
            case { Kind: FaultKind.Status } rule:
                context.Items[ItemKey] = $"status:{rule.StatusCode}";
                await StatusResult(context, rule).ExecuteAsync(context);
                break;
            case { Kind: FaultKind.DropResponse }:
                context.Items[ItemKey] = DropFault;
                await ProcessThenDrop(context, next);
                break;
            case { Kind: FaultKind.DelayResponse } rule:
                context.Items[ItemKey] = DelayResponseFault;
                await ProcessThenDelay(context, next, rule.Latency);
                break;
        }
    });

    /// <summary>Runs the request to completion (a POST commits: the store persists before the handler returns), but
    /// the response goes into a buffer that is thrown away, and the connection is aborted: the client sees a reset.</summary>
    private static async Task ProcessThenDrop(HttpContext context, RequestDelegate next)
    {
        await using var discard = new MemoryStream();
        try
        {
            await ProcessInto(discard, context, next);
        }
        finally
        {
            Diagnostics.JournalMiddleware.Record(context);
            context.Abort();
        }
    }

    /// <summary>Runs the request to completion (a POST commits), buffers the response, waits, then sends it. A client
    /// that gives up meanwhile aborts the wait; the write stays committed.</summary>
    private static async Task ProcessThenDelay(HttpContext context, RequestDelegate next, TimeSpan delay)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        await ProcessInto(buffer, context, next);
        var time = context.RequestServices.GetRequiredService<EmulatorOptions>().TimeProvider;
        try
        {
            await Task.Delay(delay, time, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client is gone: nothing to send
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>Runs the rest of the pipeline with the response written into <paramref name="buffer"/> instead of the
    /// wire, then puts the real body stream back (the caller decides whether the buffered answer is ever sent).</summary>
    private static async Task ProcessInto(MemoryStream buffer, HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
    }

    private static IResult StatusResult(HttpContext context, FaultRule rule)
    {
        var retryAfter = rule.RetryAfter ?? (rule.StatusCode == 429 ? TimeSpan.FromSeconds(1) : null);
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // Bodies: the Flow catalogue codes for 500/503/504 (reference §2.2); the I/O gateway shape for 429 and 502,
        // where Flow Service documents nothing (§2.3: the gateway's 429050 is not confirmed for AEP).
        return rule.StatusCode switch
        {
            429 => ErrorBodies.Gateway("429050", "Too many requests"),
            502 => ErrorBodies.Gateway("502000", "Bad Gateway"),
            503 => ErrorBodies.Flow(context, 1103, 503, "Service Unavailable", "The service is temporarily unavailable. Try again later."),
            504 => ErrorBodies.Flow(context, 1104, 504, "Gateway Timeout", "The request timed out. Try again later."),
            500 => ErrorBodies.Flow(context, 1102, 500, "Internal Server Error", "An internal error occurred."),
            var other => ErrorBodies.Flow(context, 1102, other, "Injected fault", $"Injected fault with status {other}."),
        };
    }
}
