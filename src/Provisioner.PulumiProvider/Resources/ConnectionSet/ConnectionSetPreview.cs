using Provisioner.Core.Definitions;
using Provisioner.Core.Reconciliation;
using S = Provisioner.PulumiProvider.Resources.ConnectionSet.ConnectionSetProperties;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>What Check, Diff and a preview of the set know without the service: the definitions resolved against
/// Core's embedded catalog (secrets not known yet stand in as unknown) and Core's offline plan.</summary>
public sealed record ConnectionSetPreview(DefinitionsResult Resolved, ReconcilePlan? Plan)
{
    /// <summary>Resolves <paramref name="read"/> offline and, when it resolves, plans it against <paramref name="recorded"/>.
    /// Null when the definitions are not known yet.</summary>
    public static async Task<ConnectionSetPreview?> BuildAsync(RecordedState recorded, ConnectionSetInputs read, CancellationToken cancellationToken)
    {
        if (read.Definitions is null)
        {
            return null;
        }
        var resolved = await DefinitionsResolver.LoadAsync(read.Definitions, S.DefinitionsFile, SourceCatalog.Offline, read.PreviewSecretSource(),
            ResolveOptions.Offline(recorded), cancellationToken).ConfigureAwait(false);
        var plan = resolved.Succeeded ? Planner.PlanOffline(resolved.Desired!, recorded, ConnectionSetResource.ReconcilerOptions(read.Options)) : null;
        return new ConnectionSetPreview(resolved, plan);
    }
}
