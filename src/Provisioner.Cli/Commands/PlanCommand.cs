namespace Provisioner.Cli.Commands;

/// <summary><c>plan [--json]</c>: what apply would do, after re-reading the recorded objects (out-of-band deletions and
/// edits show as changes). Exit 0 = no changes, 2 = changes, 1 = error (terraform's -detailed-exitcode). Saves nothing.
/// With <c>--json</c> stdout holds only the plan's JSON; what the refresh found goes to stderr.</summary>
internal static class PlanCommand
{
    public static async Task<int> RunAsync(CommonOptions options, bool json, CliEnvironment env, Interruption interruption)
    {
        var cancellationToken = interruption.StopStarting; // plan only reads: an interrupt stops it at once
        var human = json ? env with { Out = env.Error } : env;
        await using var session = await Workflow.OpenLockedAsync(options, human, "plan", interruption).ConfigureAwait(false);
        var target = session.Target;
        var desired = await Workflow.LoadDesiredAsync(options, human, target.Catalog, cancellationToken).ConfigureAwait(false);
        if (desired is null)
        {
            return ExitCodes.Error;
        }
        var (state, _) = await Workflow.RefreshFirstAsync(options, human, target, Workflow.LoadState(options, human, target), cancellationToken).ConfigureAwait(false);
        var plan = await Workflow.Reconciler(options, target, state).PlanAsync(desired, state.Recorded, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            PlanJsonPrinter.Print(PlanView.Of(plan, plan.Pipeline), env.Out);
        }
        else
        {
            PlanPrinter.Print(plan, env.Out);
        }
        return plan.HasErrors ? ExitCodes.Error : plan.HasChanges ? ExitCodes.Changes : ExitCodes.Success;
    }
}
