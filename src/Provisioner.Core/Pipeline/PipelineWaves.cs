using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Pipeline;

/// <summary>
/// Orders every write of a combined plan. Within a level nothing depends on anything else (references only point to
/// a lower level), so a level is one wave. Creates, adoptions, updates and the new halves of replacements go up the
/// levels, because a POST needs the ids of what it references; deletes go down, because the service refuses to
/// delete what a flow still uses (a base connection: 1418-400; a source or target connection likewise). Replacements
/// of connections are create-before-delete: an old base connection is deleted only after the old objects using it —
/// the connection plan's own Replace (DELETE, then create) is split here into its two halves for that reason. A
/// dataflow replacement is delete-before-create: nothing depends on a dataflow, and two flows would both run and
/// write to the same dataset until the delete wave, so the old flow is deleted in a wave of its own just before its
/// level's writes. A dataflow created or replaced disabled is disabled inside its create step, so it never runs;
/// the state waves switch only adopted and updated flows.
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
            .GroupBy(s => (s.Phase, s.Level, OldFirst: s.Phase == WavePhase.Write && s.Step.Kind == PipelineStepKind.DeleteReplaced))
            .OrderBy(g => g.Key.Phase)
            .ThenBy(g => g.Key.Phase == WavePhase.Delete ? -g.Key.Level : g.Key.Level)
            .ThenByDescending(g => g.Key.OldFirst) // a wave runs its steps in parallel: the old flow goes in the wave before
            // Stryker disable once Linq : one object never has two steps in one wave (an old flow's delete has a wave of its own)
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
            case ConnectionAction.Replace when at.Kind is { } kind && PipelineKindInfo.Of(kind).DeleteBeforeReplace:
                yield return (WavePhase.Write, level, new PipelineStep(at, PipelineStepKind.DeleteReplaced));
                yield return (WavePhase.Write, level, new PipelineStep(at, PipelineStepKind.CreateReplacement));
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
        if (stateAction is { } state && action is not (ConnectionAction.Create or ConnectionAction.Replace)) // a create switches in its own step
        {
            yield return (WavePhase.State, level, new PipelineStep(at, state == FlowStateAction.Enable ? PipelineStepKind.Enable : PipelineStepKind.Disable));
        }
    }
}
