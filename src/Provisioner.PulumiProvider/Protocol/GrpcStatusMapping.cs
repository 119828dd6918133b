using System.Net;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>
/// Flow Service failures → gRPC status codes. UNKNOWN/INTERNAL tell the engine "state unknown", so they are kept
/// for the one honest case (a write that may have committed); everything else is a clean failure (§7.5).
/// </summary>
public static class GrpcStatusMapping
{
    public static StatusCode ToStatusCode(FlowServiceException error) => error.StatusCode switch
    {
        null => StatusCode.Unavailable,
        HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => StatusCode.InvalidArgument,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.NotFound,
        HttpStatusCode.Conflict => StatusCode.Aborted,
        HttpStatusCode.PreconditionFailed => StatusCode.FailedPrecondition,
        HttpStatusCode.TooManyRequests => StatusCode.ResourceExhausted,
        >= HttpStatusCode.InternalServerError => StatusCode.Unavailable,
        _ => StatusCode.FailedPrecondition,
    };

    /// <summary>Wraps a Flow Service failure with what the provider was doing. The client's messages carry no secrets.</summary>
    public static ProviderException Wrap(string doing, FlowServiceException error) =>
        new(ToStatusCode(error), $"{doing}: {error.Message}", error);
}
