using Provisioner.FlowService;
using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.PulumiProvider.Hosting;

/// <summary>The production Flow Service client factory.</summary>
public static class FlowClients
{
    // Placeholder until the client project's FlowServiceClientFactory lands on main.
    public static IFlowServiceClient Create(FlowServiceOptions options) =>
        throw new ProviderException(Grpc.Core.StatusCode.Unimplemented, "the Flow Service client is not available in this build");
}
