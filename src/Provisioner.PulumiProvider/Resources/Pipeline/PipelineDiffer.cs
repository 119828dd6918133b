using Provisioner.Core.Pipeline;
using P = Provisioner.PulumiProvider.Resources.Pipeline.PipelineProperties;

namespace Provisioner.PulumiProvider.Resources.Pipeline;

/// <summary>
/// Diff for SourceConnection, TargetConnection and Dataflow: old INPUTS against new inputs through Core's
/// <see cref="PipelineDiff"/> — the one rule of what a PATCH can change (<see cref="PipelineKindInfo.Patchable"/>) and
/// what only a replacement can (a spec, a base connection id, a flow's connection ids). During a preview an id that
/// another resource's replacement may change arrives unknown: it counts as changed, so the preview shows the
/// replacement it may cause; the engine diffs again with the real id before it acts.
/// </summary>
public static class PipelineDiffer
{
    public static DiffResult Diff(PipelineKind kind, PropertyMap oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges)
    {
        news = BaseConnectionDiffer.ApplyIgnoreChanges(oldInputs, news, ignoreChanges);
        Core.Connections.ConnectionChanges changes;
        try
        {
            changes = PipelineDiff.Compute(PipelineInputs.ToDesired(kind, "", oldInputs),
                PipelineInputs.ToDesired(kind, "", news, PropertyValueCodec.UnknownSentinel));
        }
        catch (ProviderException)
        {
            // Old inputs this provider cannot read (hand-edited state): let the engine compare.
            return DiffResult.CannotTell;
        }

        var detailed = new Dictionary<string, DiffKind>(StringComparer.Ordinal);
        foreach (var path in changes.ChangedPaths)
        {
            // Core labels paths dotted; Pulumi quotes keys that need it.
            var keys = path.Split('.');
            detailed[PropertyPath.Format(keys)] = DiffResult.Kind(BaseConnectionDiffer.IsSet(oldInputs, keys), BaseConnectionDiffer.IsSet(news, keys),
                changes.ReplacePaths.Contains(path));
        }
        // A dataflow's switch is an action, never a replacement.
        if (kind == PipelineKind.Dataflow && !Equals(EnabledOf(oldInputs), EnabledOf(news)))
        {
            detailed[P.Enabled] = DiffKind.Update;
        }
        // Core's rule for the kind (a dataflow: delete the old flow first, so two never run side by side).
        return new DiffResult(detailed) { DeleteBeforeReplace = PipelineKindInfo.Of(kind).DeleteBeforeReplace };
    }

    /// <summary>true/false, or null while unknown (preview): an unknown switch counts as a change.</summary>
    private static bool? EnabledOf(PropertyMap inputs) => inputs[P.Enabled] switch
    {
        { IsComputed: true } => null,
        { } v when v.Unwrapped is PropertyValue.BoolValue b => b.Value,
        _ => true,
    };
}
