using Microsoft.Extensions.Logging;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;
using Provisioner.PulumiProvider.Hosting;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>Best-effort connection spec lookup for validation and refresh: a spec that cannot be fetched only
/// means less checking, never a failed operation.</summary>
public static class ConnectionSpecLookup
{
    /// <returns><c>Found</c> false when the lookup itself failed (network, auth); <c>Spec</c> null with
    /// <c>Found</c> true when the service says the spec does not exist.</returns>
    public static async Task<(bool Found, ConnectionSpec? Spec)> TryGetAsync(
        IFlowServiceClient client, string specId, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await client.GetConnectionSpecAsync(specId, cancellationToken));
        }
        catch (FlowServiceException error)
        {
            Log.SpecUnavailable(logger, specId, error.StatusCode, error.ErrorCode);
            return (false, null);
        }
    }
}
