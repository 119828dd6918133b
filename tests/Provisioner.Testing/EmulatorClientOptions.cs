using Provisioner.Emulator;
using Provisioner.FlowService;

namespace Provisioner.Testing;

/// <summary>Client options that reach an in-process emulator with its own credentials over loopback (IMS exchange
/// included). Each suite tunes retries/timeouts on the result for its own purpose.</summary>
public static class EmulatorClientOptions
{
    public static FlowServiceOptions For(EmulatorHost host, string sandbox = "prod")
    {
        ArgumentNullException.ThrowIfNull(host);
        return new FlowServiceOptions
        {
            Endpoint = host.BaseAddress,
            ImsEndpoint = host.BaseAddress,
            ClientId = host.Options.ClientId,
            ClientSecret = host.Options.ClientSecret,
            OrgId = host.Options.OrgId,
            SandboxName = sandbox,
        };
    }
}
