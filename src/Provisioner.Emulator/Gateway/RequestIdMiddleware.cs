namespace Provisioner.Emulator.Gateway;

/// <summary>Gives every request an id (the caller's <c>x-request-id</c> if sent) and echoes it on every response,
/// including errors and faults, so a client can put it into its exceptions.</summary>
internal static class RequestIdMiddleware
{
    public const string Header = "x-request-id";

    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var incoming = context.Request.Headers[Header].ToString();
        // Only echo ids that look like ids: a header value must not be able to inject anything into the response.
        context.TraceIdentifier = incoming.Length is > 0 and <= 128 && incoming.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')
            ? incoming
            : Guid.NewGuid().ToString();
        context.Response.Headers[Header] = context.TraceIdentifier;
        await next(context);
    });
}
