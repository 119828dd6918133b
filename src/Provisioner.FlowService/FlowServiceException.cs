namespace Provisioner.FlowService;

/// <summary>
/// The one failure type of the client. The message names the operation, the HTTP status, Adobe's error code and
/// title/detail, and the request id — never a secret, token or request body.
/// </summary>
public sealed class FlowServiceException : Exception
{
    public FlowServiceException(string message, Exception? innerException = null) : base(message, innerException) { }

    /// <summary>HTTP status, or <c>null</c> when no response arrived (timeout, connection reset).</summary>
    public HttpStatusCode? StatusCode { get; init; }
    /// <summary>Adobe's code: the Flow code from the problem <c>type</c> (e.g. <c>FLOW-1404-412</c>) or the gateway <c>error_code</c> (e.g. <c>401013</c>).</summary>
    public string? ErrorCode { get; init; }
    public string? Title { get; init; }
    public string? Detail { get; init; }
    /// <summary><c>x-request-id</c> of the response (or <c>report.request-id</c>), for Adobe support.</summary>
    public string? RequestId { get; init; }
    /// <summary>e.g. <c>POST /connections</c>, without query string.</summary>
    public string? Operation { get; init; }
    /// <summary>True when a write may have been applied although no success response arrived
    /// (timeout, connection lost, 5xx on POST). A caller must look the resource up before trying again.</summary>
    public bool MayHaveCommitted { get; init; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
    public bool IsPreconditionFailed => StatusCode == HttpStatusCode.PreconditionFailed;
    /// <summary>The credentials were refused: IMS rejected the token request (400 invalid_client, 401, 403) or the
    /// gateway refused the token (401/403, after the client's one retry with a fresh token). Every further request
    /// fails the same way, so a caller stops instead of reporting it once per item.</summary>
    public bool IsAuthenticationFailure => IsImsFailure
        ? StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        : StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>The failure came from the IMS token request: without a token nothing else can work.</summary>
    public bool IsImsFailure => string.Equals(Operation, Http.FlowOperation.ImsToken.Name, StringComparison.Ordinal);

    /// <summary>The service did not answer usefully (no response, or a 5xx after the client's retries): an outage,
    /// not a fault of whatever item was being processed.</summary>
    public bool IsServiceUnavailable => StatusCode is null || (int)StatusCode >= 500;
}
