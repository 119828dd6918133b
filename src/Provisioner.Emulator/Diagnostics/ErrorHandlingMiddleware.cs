using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Provisioner.Emulator.Diagnostics;

/// <summary>Nothing crashes the emulator: an unexpected exception becomes FLOW-1102-500 (no stack trace, no body
/// echo), malformed HTTP (e.g. an oversized body) a 400, and a client that went away is simply let go.</summary>
internal static class ErrorHandlingMiddleware
{
    public static IApplicationBuilder UseEmulatorErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
            // Routing answers a known path with an unsupported method (OPTIONS, PUT, …) with a bare 405; every
            // error the emulator gives carries a body a client can parse (found by the reliability fuzz tests).
            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentType is null
                && !HttpMethods.IsHead(context.Request.Method) && !context.RequestAborted.IsCancellationRequested)
            {
                var status = context.Response.StatusCode;
                // The no-such-endpoint code, not FLOW-1101: the path may well name an existing connection.
                await ErrorBodies.Flow(context, ErrorBodies.NoSuchEndpointCode, status, ReasonPhrases.GetReasonPhrase(status),
                    $"No such endpoint: {context.Request.Method} is not supported on this path.").ExecuteAsync(context);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client disconnected; there is nobody to answer.
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await ErrorBodies.Flow(context, 1405, ex.StatusCode, "Bad Request", "The request could not be read: " + ex.Message).ExecuteAsync(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Provisioner.Emulator");
            // Type only: an exception message could quote request content.
            logger.LogError("Unhandled {ExceptionType} for {Method} {Path}", ex.GetType().Name, context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await ErrorBodies.Flow(context, 1102, 500, "Internal Server Error", "An internal error occurred in the emulator.").ExecuteAsync(context);
        }
    });

    /// <summary>Caps request bodies; JsonBody enforces the same limit with a clearer message.</summary>
    public static void LimitBodies(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = JsonBody.MaxBytes * 2L;
    }
}
