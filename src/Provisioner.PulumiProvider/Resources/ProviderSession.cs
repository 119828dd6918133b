using Provisioner.FlowService;
using Provisioner.PulumiProvider.Configuration;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>A configured provider: its resolved config and the Flow Service client built from it.</summary>
/// <param name="IsPreview">Configure told us this provider instance serves a preview (its id was unknown): nothing
/// may call the service then, not even reads for validation.</param>
public sealed record ProviderSession(ProviderConfig Config, IFlowServiceClient Client, bool IsPreview) : IDisposable
{
    public void Dispose() => (Client as IDisposable)?.Dispose();

    /// <summary>The one "not configured" guard of every resource and function that needs the service.</summary>
    public static ProviderSession Required(ProviderSession? session) => session
        ?? throw Protocol.ProviderException.FailedPrecondition(
            "the aep provider is not configured (Configure was not called or failed); check the provider's configuration");
}

/// <summary>Builds the Flow Service client for a configuration (the real factory in production; tests use the same).</summary>
public delegate IFlowServiceClient FlowClientFactory(FlowServiceOptions options);
