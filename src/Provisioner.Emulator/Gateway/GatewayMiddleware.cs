using Provisioner.Emulator.Ims;

namespace Provisioner.Emulator.Gateway;

/// <summary>
/// What the Adobe I/O gateway and Flow Service check before any handler runs (reference §1.1, §2.1): bearer token,
/// API key, org, sandbox, and a JSON content type on bodies. Order matters: it is the order the real gateway
/// reports problems in (token first), so clients see the same first error.
/// </summary>
internal static class GatewayMiddleware
{
    public const string FlowServiceBase = EmulatorPaths.FlowService;

    public static IApplicationBuilder UseFlowGateway(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(FlowServiceBase))
        {
            await next(context);
            return;
        }

        var rejection = Check(context);
        if (rejection is not null)
        {
            await rejection.ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static IResult? Check(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<EmulatorOptions>();
        var tokens = context.RequestServices.GetRequiredService<TokenIssuer>();
        var headers = context.Request.Headers;

        var authorization = headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= 7)
        {
            return ErrorBodies.Gateway("403010", "Oauth token is missing.");
        }

        var principal = tokens.Validate(authorization[7..].Trim());
        if (principal is null) return ErrorBodies.Gateway("401013", "Oauth token is not valid");

        var apiKey = headers["x-api-key"].ToString();
        if (apiKey.Length == 0) return ErrorBodies.Gateway("403000", "Api Key is required");
        if (apiKey != options.ClientId) return ErrorBodies.Gateway("403003", "Api Key is invalid");

        var org = headers["x-gw-ims-org-id"].ToString();
        if (org.Length == 0) return ErrorBodies.Gateway("400003", "Missing header");
        if (org != options.OrgId) return ErrorBodies.Gateway("403025", "Profile is not valid");

        var sandbox = headers["x-sandbox-name"].ToString();
        if (sandbox.Length == 0) return ErrorBodies.Flow(context, 2105, 400, "Bad Request", "The header x-sandbox-name is missing.");
        if (!options.Sandboxes.Contains(sandbox))
        {
            return ErrorBodies.Flow(context, 2100, 404, "Sandbox not found", $"The sandbox '{sandbox}' was not found for org {org}.");
        }

        if (HasBody(context.Request) && !IsJson(context.Request.ContentType)) return ErrorBodies.ContentType();

        new FlowCaller(principal, org, sandbox).AttachTo(context);
        return null;
    }

    /// <summary>A write that carries a body. A bodiless POST such as <c>/flows/{id}/action?op=enable</c> (Adobe's curl
    /// examples send no Content-Type for it) has nothing whose type could be wrong.</summary>
    private static bool HasBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && (request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0));

    /// <summary><c>application/json</c> (any parameters) or a <c>+json</c> subtype such as <c>application/json-patch+json</c>.</summary>
    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return false;
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
