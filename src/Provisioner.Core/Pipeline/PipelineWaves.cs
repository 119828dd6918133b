using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Pipeline;

/// <summary>
/// Orders every write of a combined plan. Within a level nothing depends on anything else (references only point to
/// a lower level), so a level is one wave. Creates, adoptions, updates and the new halves of replacements go up the
/// levels, because a POST needs the ids of what it references; deletes go down, because the service refuses to
/// delete what a flow still uses (a base connection: 1418-400; a source or target connection likewise). Replacements
/// are create-before-delete: the old dataflow keeps running until its successor exists, and an old base connection
/// is deleted only after the old objects using it — the connection plan's own Replace (DELETE, then create) is split
/// here into its two halves for that reason.
/// </summary>
internal static class PipelineWaves
{
    public static IReadOnlyList<PipelineWave> Of(ReconcilePlan baseConnections, IEnumerable<PipelineChange> changes, IReadOnlySet<string> keptBaseConnections)
    {
        var steps = new List<(WavePhase Phase, int Level, PipelineStep Step)>();
        foreach (var change in baseConnections.Changes.Where(c => c.Error is null))
        {
            var at = ObjectRef.BaseConnection(change.Key);
            if (change is PlannedChange.Delete && keptBaseConnections.Contains(change.Key))
            {
                continue; // refused by the graph: declared objects still use it
            }
            steps.AddRange(StepsOf(at, change.Action, stateAction: null));
        }
        foreach (var change in changes.Where(c => c.Error is null))
        {
            steps.AddRange(StepsOf(change.Ref, change.Action, change.StateAction));
        }

        return steps
            .GroupBy(s => (s.Phase, s.Level))
            .OrderBy(g => g.Key.Phase)
            .ThenBy(g => g.Key.Phase == WavePhase.Delete ? -g.Key.Level : g.Key.Level)
            .Select(g => new PipelineWave(g.Key.Phase, g.Key.Level,
                g.Select(s => s.Step).OrderBy(s => s.Ref, ObjectRefOrder.Instance).ThenBy(s => s.Kind).ToArray()))
            .ToArray();
    }

    private static IEnumerable<(WavePhase, int, PipelineStep)> StepsOf(ObjectRef at, ConnectionAction action, FlowStateAction? stateAction)
    {
        var level = at.Level;
        switch (action)
        {
            case ConnectionAction.Create:
                yield return (WavePhase.Write, level, new PipelineStep(at, PipelineStepKind.Create));
                break;
            case ConnectionAction.Adopt:
                yield return (WavePhase.Write, level, new PipelineStep(at, PipelineStepKind.Adopt));
                break;
            case ConnectionAction.Update:
                yield return (WavePhase.Write, level, new PipelineStep(at, PipelineStepKind.Update));
                break;
            case ConnectionAction.Replace:
                yield return (WavePhase.Write, level, new PipelineStep(at, PipelineStepKind.CreateReplacement));
                yield return (WavePhase.Delete, level, new PipelineStep(at, PipelineStepKind.DeleteReplaced));
                break;
            case ConnectionAction.Delete:
                yield return (WavePhase.Delete, level, new PipelineStep(at, PipelineStepKind.Delete));
                break;
            default:
                break; // NoOp and Forget call nothing on the service
        }
        if (stateAction is { } state)
        {
            yield return (WavePhase.State, level, new PipelineStep(at, state == FlowStateAction.Enable ? PipelineStepKind.Enable : PipelineStepKind.Disable));
        }
    }
}
