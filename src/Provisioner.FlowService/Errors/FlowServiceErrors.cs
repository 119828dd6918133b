using System.Text;

namespace Provisioner.FlowService.Errors;

/// <summary>
/// Builds every <see cref="FlowServiceException"/> the client throws, so that all messages share one shape:
/// operation, status, code, title/detail, request id, and what the caller should do next.
/// Response text is scrubbed of the operation's secrets and capped; request bodies and headers are never used.
/// </summary>
internal static class FlowServiceErrors
{
    private const int MaxDetailLength = 500;
    private const int MaxTitleLength = 200;
    private const int MaxBodyChars = 64 * 1024;

    public static async Task<FlowServiceException> FromResponseAsync(
        FlowOperation operation, HttpResponseMessage response, SecretSet secrets, CancellationToken cancellationToken)
    {
        var text = await ReadCappedAsync(response, cancellationToken).ConfigureAwait(false);
        var body = ErrorBody.Parse(text, response.Content.Headers.ContentType?.MediaType);
        var status = response.StatusCode;
        var requestId = secrets.Redact(body.RequestId ?? HeaderRequestId(response));
        var retried = response.RequestMessage is { } request && RequestMarks.WasRetried(request);

        var mayHaveCommitted = operation.IsWrite &&
            ((int)status >= 500 || status == HttpStatusCode.RequestTimeout || (status == HttpStatusCode.PreconditionFailed && retried));

        var code = Cap(secrets.Redact(body.Code), MaxTitleLength);
        var title = Cap(secrets.Redact(body.Title), MaxTitleLength);
        var detail = Cap(secrets.Redact(body.Detail), MaxDetailLength);

        var message = new StringBuilder()
            .Append(Describe(operation)).Append(" failed: HTTP ").Append((int)status);
        if (Enum.IsDefined(status))
        {
            message.Append(' ').Append(status);
        }

        if (code is not null)
        {
            message.Append(", code ").Append(code);
        }

        if (title is not null)
        {
            message.Append(", \"").Append(title).Append('"');
        }

        if (detail is not null && !string.Equals(detail, title, StringComparison.Ordinal))
        {
            message.Append(": ").Append(detail);
        }

        if (body.Note is not null)
        {
            message.Append(" (").Append(body.Note).Append(')');
        }

        message.Append('.');
        if (requestId is not null)
        {
            message.Append(" Request id: ").Append(requestId).Append('.');
        }

        if (Advice(operation, status, retried, mayHaveCommitted) is { } advice)
        {
            message.Append(' ').Append(advice);
        }

        return new FlowServiceException(message.ToString())
        {
            StatusCode = status,
            ErrorCode = code,
            Title = title,
            Detail = detail,
            RequestId = requestId,
            Operation = operation.Name,
            MayHaveCommitted = mayHaveCommitted,
        };
    }

    /// <summary>No response arrived in time (attempt or total timeout).</summary>
    public static FlowServiceException Timeout(FlowOperation operation, Exception inner, TimeSpan budget) =>
        NoResponse(operation, inner, $"no response within the time limit ({budget.TotalSeconds:0.#} s overall)");

    /// <summary>The connection failed. A failure before anything was sent cannot have committed.</summary>
    public static FlowServiceException Transport(FlowOperation operation, Exception inner)
    {
        var neverSent = inner is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        };
        var reason = neverSent ? "could not connect to the service" : "the connection failed before a response arrived";
        return NoResponse(operation, inner, reason, mayHaveCommitted: !neverSent && operation.IsWrite);
    }

    /// <summary>A success status with a body the client cannot use.</summary>
    public static FlowServiceException Malformed(FlowOperation operation, HttpResponseMessage response, string what, Exception? inner = null)
    {
        var requestId = HeaderRequestId(response);
        var message = $"{Describe(operation)} returned HTTP {(int)response.StatusCode} with an unusable body: {what}." +
            (requestId is null ? "" : $" Request id: {requestId}.") +
            (operation.IsWrite ? " The change was probably applied; read the resource back before retrying." : "");
        return new FlowServiceException(message, inner)
        {
            StatusCode = response.StatusCode,
            RequestId = requestId,
            Operation = operation.Name,
            MayHaveCommitted = operation.IsWrite,
        };
    }

    private static FlowServiceException NoResponse(FlowOperation operation, Exception inner, string reason, bool? mayHaveCommitted = null)
    {
        var committed = mayHaveCommitted ?? operation.IsWrite;
        var message = $"{Describe(operation)} failed: {reason}." + (committed ? " " + MayHaveCommittedAdvice(operation) : "");
        return new FlowServiceException(message, inner) { Operation = operation.Name, MayHaveCommitted = committed };
    }

    private static string Describe(FlowOperation operation) =>
        operation.ResourceId is null ? operation.Name : $"{operation.Name} (id {operation.ResourceId})";

    private static string? Advice(FlowOperation operation, HttpStatusCode status, bool retried, bool mayHaveCommitted) => status switch
    {
        HttpStatusCode.PreconditionFailed when retried =>
            $"An earlier attempt of this update may already have been applied. Re-read the {operation.Noun} (e.g. run refresh) and use its current etag.",
        HttpStatusCode.PreconditionFailed =>
            $"The {operation.Noun} changed since its etag was read. Re-read the {operation.Noun} (e.g. run refresh) and retry with its current etag.",
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            "Check the client id, client secret or access token, the org id, the sandbox and the credential's product profile.",
        HttpStatusCode.TooManyRequests => "The service is rate limiting; retries were exhausted. Try again later.",
        _ when mayHaveCommitted => MayHaveCommittedAdvice(operation),
        _ => null,
    };

    /// <summary>What to do after a write whose outcome is unknown: a create is found by name (never posted again
    /// blindly, it would make a duplicate); any other write is read back.</summary>
    private static string MayHaveCommittedAdvice(FlowOperation operation) => operation.IsCreate
        ? $"The {operation.Noun} may have been created anyway; find it by name before creating it again."
        : $"The change may have been applied; read the {operation.Noun} back before retrying.";

    private static string? HeaderRequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-request-id", out var values) ? Cap(values.FirstOrDefault(), MaxTitleLength) : null;

    private static async Task<string?> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length > MaxBodyChars ? text[..MaxBodyChars] : text;
    }

    private static string? Cap(string? text, int max) =>
        text is null || text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
