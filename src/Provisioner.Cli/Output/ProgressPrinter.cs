using Provisioner.Core.Pipeline;

namespace Provisioner.Cli.Output;

/// <summary>One stderr line per finished object (<c>[3/40] created mixpanel</c>, <c>[4/40] disabled dataflows.ingest</c>),
/// so a long apply shows it is moving. A dataflow's switch is not in the progress report itself, so it is read from
/// the plan being applied. Synchronous on purpose: <see cref="Progress{T}"/> would post to the thread pool and reorder lines.</summary>
internal sealed class ProgressPrinter(TextWriter error, ReconcilePlan? plan = null) : IProgress<ReconcileProgress>
{
    private readonly Lock _gate = new();

    // Progress keys of pipeline objects are their key paths (dataflows.ingest), as ObjectRef prints them.
    private readonly Dictionary<string, FlowStateAction> _switches = plan is null ? []
        : plan.Pipeline.Changes.Where(c => c.StateAction is not null).ToDictionary(c => c.Ref.ToString(), c => c.StateAction!.Value, StringComparer.Ordinal);

    public void Report(ReconcileProgress value)
    {
        if (value.Stage == ProgressStage.Started)
        {
            return;
        }
        var switched = _switches.TryGetValue(value.Key, out var state) ? (FlowStateAction?)state : null;
        var verb = value.Stage == ProgressStage.Failed ? "failed to " + Verb(value.Action, switched, past: false) : Verb(value.Action, switched, past: true);
        lock (_gate)
        {
            error.WriteLine($"[{value.Completed}/{value.Total}] {verb} {value.Key}" + (value.Error is null ? "" : ": " + value.Error));
        }
    }

    private static string Verb(ConnectionAction action, FlowStateAction? switched, bool past)
    {
        var switchWord = switched is { } s ? (s == FlowStateAction.Enable ? "enable" : "disable") + (past ? "d" : "") : null;
        if (action == ConnectionAction.NoOp && switchWord is not null)
        {
            return switchWord;
        }
        var verb = (action, past) switch
        {
            (ConnectionAction.Create, true) => "created",
            (ConnectionAction.Adopt, true) => "adopted",
            (ConnectionAction.Update, true) => "updated",
            (ConnectionAction.Replace, true) => "replaced",
            (ConnectionAction.Delete, true) => "deleted",
            (ConnectionAction.Forget, true) => "forgot",
            _ => action.ToString().ToLowerInvariant(),
        };
        return switchWord is null ? verb : $"{verb} and {switchWord}";
    }
}
