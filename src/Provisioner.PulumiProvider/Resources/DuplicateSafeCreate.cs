using Grpc.Core;
using Provisioner.Core.Connections;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;
using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>
/// POST /connections takes no idempotency key and is never retried, so a lost response may still have created the
/// connection. Before reporting such a failure, look the connection up by its exact name: adopting the one just
/// created keeps it in state instead of leaking it (a retry would make a duplicate).
/// </summary>
public static class DuplicateSafeCreate
{
    /// <summary>How far the service's clock may be behind ours when telling "created just now" from "already there".</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    public static async Task<ConnectionRef> CreateAsync(
        IFlowServiceClient client, DesiredConnection desired, TimeProvider time, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        try
        {
            return await client.CreateConnectionAsync(desired.ToCreateRequest(), cancellationToken);
        }
        catch (FlowServiceException error) when (error.MayHaveCommitted)
        {
            IReadOnlyList<Connection> sameName;
            try
            {
                sameName = await client.FindConnectionsByNameAsync(desired.Name, cancellationToken);
            }
            catch (FlowServiceException lookup)
            {
                throw new ProviderException(StatusCode.Unknown,
                    $"creating connection '{desired.Name}' may have succeeded although no answer arrived ({error.Message}), " +
                    $"and looking it up failed too ({lookup.Message}). Check AEP for a connection with this name and " +
                    "`pulumi import` it, or delete it, before running `pulumi up` again.", error);
            }

            var earliest = (startedAt - ClockSkewAllowance).ToUnixTimeMilliseconds();
            var candidates = sameName
                .Where(c => string.Equals(c.ConnectionSpec.Id, desired.ConnectionSpec.Id, StringComparison.OrdinalIgnoreCase)
                    && c.Auth?.SpecName == desired.AuthSpecName
                    && (c.CreatedAt is null || c.CreatedAt >= earliest))
                .ToList();
            return candidates.Count switch
            {
                1 => new ConnectionRef(candidates[0].Id, candidates[0].Etag),
                0 => throw FlowServiceErrors.Wrap($"creating connection '{desired.Name}' failed and no such connection exists", error),
                _ => throw new ProviderException(StatusCode.Unknown,
                    $"creating connection '{desired.Name}' may have succeeded although no answer arrived ({error.Message}); " +
                    $"{candidates.Count} recent connections carry this name ({string.Join(", ", candidates.Select(c => c.Id))}). " +
                    "Import the right one with `pulumi import aep:flowservice:BaseConnection <resource-name> <id>` and delete the others.", error),
            };
        }
    }
}
