using Provisioner.Core.Reconciliation;
using Provisioner.PulumiProvider.Protocol;
using S = Provisioner.PulumiProvider.Resources.ConnectionSet.ConnectionSetProperties;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>
/// Diff of the set: Core's offline plan of the new definitions against the RECORDED state (not the old inputs —
/// after a partial failure the inputs already hold the new definitions while the state holds what was really done),
/// mapped to the engine's detailed diff. Makes no call to the service.
/// <para>Paths are <c>connections["key"]</c> on the outputs (inputDiff false). A replaced connection is shown as an
/// update of <c>connections["key"].id</c>, never with a *_REPLACE kind: the engine replaces the whole resource for
/// any *_REPLACE kind in the detailed diff (reference §7.2), and replacing the set would create a second set that
/// adopts the same connections, then delete them with the old one.</para>
/// </summary>
public static class ConnectionSetDiffer
{
    public static async Task<DiffResult> DiffAsync(PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges,
        CancellationToken cancellationToken)
    {
        if (oldInputs is { Count: > 0 })
        {
            news = BaseConnectionDiffer.ApplyIgnoreChanges(oldInputs, news, ignoreChanges);
        }
        RecordedState recorded;
        try
        {
            recorded = ConnectionSetState.Recorded(oldOutputs);
        }
        catch (ProviderException)
        {
            return DiffResult.CannotTell;
        }
        var read = ConnectionSetInputs.Read(news);
        var detailed = new Dictionary<string, DiffKind>(StringComparer.Ordinal);

        var plan = (await ConnectionSetPreview.BuildAsync(recorded, read, cancellationToken).ConfigureAwait(false))?.Plan;
        if (plan is null)
        {
            // Definitions not known yet (preview) or not valid: the set may change in any way.
            detailed[S.Connections] = DiffKind.Update;
        }
        else
        {
            foreach (var change in plan.Changes.Where(c => c.IsChange))
            {
                detailed[change.Action == ConnectionAction.Replace ? KeyPath(change.Key) + "." + S.Id : KeyPath(change.Key)] = KindOf(change.Action);
            }
            // One line per pipeline object and kind: dataflows["mixpanel-to-dataset"], sourceConnections["events"].
            foreach (var change in plan.Pipeline.Changes.Where(c => c.IsChange))
            {
                if (change is Core.Pipeline.PipelineChange.DeleteSuperseded)
                {
                    // The old half of an earlier replacement is no key of the outputs: only the recorded state changes.
                    detailed[S.PipelineState] = DiffKind.Update;
                    continue;
                }
                var section = change.Ref.Kind is { } kind ? Core.Pipeline.PipelineKindInfo.Of(kind).Section : S.Connections;
                var path = KeyPath(section, change.Ref.Key);
                detailed[change.Action == ConnectionAction.Replace ? path + "." + S.Id : path] = KindOf(change.Action);
            }
        }
        // The options change what later operations do (Delete reads retainOnRemove from the outputs): record them.
        if (!Equals(oldOutputs[S.RetainOnRemove]?.Unwrapped, news[S.RetainOnRemove]?.Unwrapped))
        {
            detailed[S.RetainOnRemove] = DiffKind.Update;
        }
        if (!Equals(oldOutputs[S.Parallelism]?.Unwrapped, news[S.Parallelism]?.Unwrapped))
        {
            detailed[S.Parallelism] = DiffKind.Update;
        }
        return new DiffResult(detailed, InputDiff: false);
    }

    /// <summary><c>connections["key"]</c>: always bracketed, so keys such as <c>s3-landing</c> read the same as others.</summary>
    public static string KeyPath(string key) => KeyPath(S.Connections, key);

    /// <summary><c>section["key"]</c> of any output map of the set.</summary>
    public static string KeyPath(string section, string key) =>
        $"{section}[\"{key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";

    /// <summary>Never a *_REPLACE kind (see the class summary): a replaced key is an update of its id.</summary>
    private static DiffKind KindOf(ConnectionAction action) => action switch
    {
        ConnectionAction.Create or ConnectionAction.Adopt => DiffKind.Add,
        ConnectionAction.Delete or ConnectionAction.Forget => DiffKind.Delete,
        _ => DiffKind.Update,
    };
}
