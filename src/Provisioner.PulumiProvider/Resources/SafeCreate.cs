using Grpc.Core;
using Provisioner.Core.Connections;
using Provisioner.Core.Reconciliation;
using Provisioner.FlowService;
using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>
/// Create through Core's duplicate-safe creator. POST /connections has no idempotency key, so after a failure that
/// may have committed the connection is looked up by exact name — names are not unique, so the connections that
/// already carried the name are listed first and never adopted. A create interrupted after its POST that found the
/// committed connection is passed on as <see cref="UnsettledCreateException"/> for the caller to record.
/// </summary>
public static class SafeCreate
{
    public static async Task<SafeCreateResult> CreateAsync(IFlowServiceClient client, DesiredConnection desired, CancellationToken cancellationToken)
    {
        var doing = $"creating connection '{desired.Name}'";
        IReadOnlySet<string> preexisting;
        try
        {
            preexisting = (await client.FindConnectionsByNameAsync(desired.Name, cancellationToken)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        }
        catch (FlowServiceException error)
        {
            throw GrpcStatusMapping.Wrap(doing, error);
        }

        try
        {
            return await new SafeConnectionCreator(client).CreateAsync(desired.ToCreateRequest(), preexisting, cancellationToken);
        }
        catch (AmbiguousConnectionException ambiguous)
        {
            // One of them may be ours: the state really is unknown, and only the user can tell.
            throw new ProviderException(StatusCode.Unknown,
                $"{doing}: the service did not answer, and {ambiguous.Ids.Count} new connections with this name appeared " +
                $"({string.Join(", ", ambiguous.Ids)}). Import the right one with `pulumi import aep:flowservice:BaseConnection <resource-name> <id>` and delete the others.",
                ambiguous);
        }
        catch (UnsettledCreateException unsettled) when (unsettled.Committed is null)
        {
            // The POST was sent and nothing settled it (cancelled, or the lookup after it failed): the connection may
            // exist, so the engine must hear "state unknown" — never CANCELLED or a clean code, which it reads as
            // "did not happen". (With a committed connection found, the caller records it instead.)
            throw new ProviderException(StatusCode.Unknown,
                $"{unsettled.Message}. Check AEP for a connection named '{desired.Name}' and `pulumi import` it, or delete it, before running `pulumi up` again.", unsettled);
        }
        catch (FlowServiceException error)
        {
            // Either a clean rejection, or repeated unanswered POSTs that the name lookup proved did not commit.
            throw GrpcStatusMapping.Wrap(doing, error);
        }
    }
}
