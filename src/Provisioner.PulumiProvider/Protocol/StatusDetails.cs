using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>Builds an <see cref="RpcException"/> whose <c>grpc-status-details-bin</c> trailer carries
/// pulumirpc detail messages packed in <c>google.rpc.Status</c> (reference §3.14).</summary>
public static class StatusDetails
{
    public const string TrailerKey = "grpc-status-details-bin";

    public static RpcException Exception(StatusCode code, string message, params IMessage[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.AddRange(details.Select(Any.Pack));
        var trailers = new Metadata { { TrailerKey, status.ToByteArray() } };
        return new RpcException(new Status(code, message), trailers);
    }
}
