namespace Provisioner.Cli.Commands;

/// <summary><c>plan</c>: what apply would do, after re-reading the recorded connections (out-of-band deletions and edits
/// show as changes). Exit 0 = no changes, 2 = changes, 1 = error (terraform's -detailed-exitcode). Saves nothing.</summary>
internal static class PlanCommand
{
    public static async Task<int> RunAsync(CommonOptions options, CliEnvironment env, Interruption interruption)
    {
        var cancellationToken = interruption.StopStarting; // plan only reads: an interrupt stops it at once
        await using var session = await Workflow.OpenLockedAsync(options, env, "plan", interruption).ConfigureAwait(false);
        var target = session.Target;
        var desired = await Workflow.LoadDesiredAsync(options, env, target.Catalog, cancellationToken).ConfigureAwait(false);
        if (desired is null)
        {
            return ExitCodes.Error;
        }
        var (state, _) = await Workflow.RefreshFirstAsync(options, env, target, Workflow.LoadState(options, env, target), cancellationToken).ConfigureAwait(false);
        var plan = await Workflow.Reconciler(options, target, state).PlanAsync(desired, state.Recorded, cancellationToken).ConfigureAwait(false);
        PlanPrinter.Print(plan, env.Out);
        return plan.HasErrors ? ExitCodes.Error : plan.HasChanges ? ExitCodes.Changes : ExitCodes.Success;
    }
}
