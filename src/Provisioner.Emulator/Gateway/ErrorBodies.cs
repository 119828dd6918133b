namespace Provisioner.Emulator.Gateway;

/// <summary>
/// The three error-body families the real service uses (reference §2.1), as results. One place builds them so every
/// endpoint answers the same shape for the same code.
/// </summary>
internal static class ErrorBodies
{
    /// <summary>Flow Service problem body: <c>type …/FLOW-&lt;code&gt;-&lt;status&gt;</c>, title, status, report, errorMessage/Details.</summary>
    public static IResult Flow(HttpContext context, int code, int status, string title, string message) =>
        Results.Json(FlowJson(context.TraceIdentifier, code, status, title, message), statusCode: status);

    public static JsonObject FlowJson(string requestId, int code, int status, string title, string message) => new()
    {
        ["type"] = $"https://ns.adobe.com/aep/errors/FLOW-{code}-{status}",
        ["title"] = title,
        ["status"] = status,
        ["report"] = new JsonObject
        {
            ["detailed-message"] = message,
            ["request-id"] = requestId,
        },
        ["errorMessage"] = message,
        ["errorDetails"] = message,
    };

    /// <summary>Adobe I/O gateway body: <c>{"error_code":"403010","message":"…"}</c>; the HTTP status is the code's first 3 digits.</summary>
    public static IResult Gateway(string errorCode, string message) =>
        Results.Json(new JsonObject { ["error_code"] = errorCode, ["message"] = message }, statusCode: int.Parse(errorCode[..3], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The gateway's content-type rejection, quoted from the troubleshooting guide.</summary>
    public static IResult ContentType() =>
        Results.Json(new JsonObject
        {
            ["type"] = "/placeholder/type/uri",
            ["status"] = 400,
            ["title"] = "BadRequestError",
            ["detail"] = "A valid content-type must be specified",
        }, statusCode: 400);

    // Shorthands for the codes used in more than one place.
    public static IResult BadRequest(HttpContext c, int code, string message) => Flow(c, code, 400, "Bad Request", message);

    public static IResult NotFound(HttpContext c, string resource, string id) =>
        Flow(c, 1101, 404, "Resource not found",
            $"Resource not found: {resource} with id = [{id}] does not exist. Verify the resource ID before trying again.");

    /// <summary>A missing source connection, target connection, flow or run: the body Adobe documents for a missing
    /// flow (reference §2.1, FLOW-1439-404 with <c>report.id</c> and <c>report.type</c>), used for every new kind.</summary>
    public static IResult ResourceNotFound(HttpContext c, string resource, string id)
    {
        var message = $"The requested {resource} resource {id} is not found. Verify the resource ID before trying again.";
        var body = FlowJson(c.TraceIdentifier, 1439, 404, "Resource not found", message);
        body["report"]!["id"] = id;
        body["report"]!["type"] = resource;
        return Results.Json(body, statusCode: 404);
    }

    /// <summary>
    /// No route matches. Adobe documents no body for this (the gateway's answer to an unknown path is not in the
    /// reference); the emulator answers 404 in the Flow problem shape with its own code <see cref="NoSuchEndpointCode"/>,
    /// distinct from FLOW-1101 (a missing resource on a known route).
    /// </summary>
    public static IResult NoSuchEndpoint(HttpContext c) =>
        Flow(c, NoSuchEndpointCode, 404, "Endpoint not found",
            $"No such endpoint: {c.Request.Method} {c.Request.Path} is not an operation of the Flow Service.");

    /// <summary>The emulator's code for an unknown route, FLOW-9404-404: Adobe documents none, and 9xxx is outside the
    /// 1xxx/2xxx ranges of the Flow error catalogue, so it cannot be mistaken for a real code.</summary>
    public const int NoSuchEndpointCode = 9404;

    public static IResult MissingField(HttpContext c, string field) =>
        BadRequest(c, 1304, $"The mandatory field {field} is not provided.");
}
