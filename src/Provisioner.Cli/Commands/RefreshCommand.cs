namespace Provisioner.Cli.Commands;

/// <summary><c>refresh</c>: re-reads recorded connections (new etags, out-of-band edits, deletions) and saves them, so
/// an update no longer fails with 412. Interrupted, it saves nothing: the state stays the last complete one.</summary>
internal static class RefreshCommand
{
    public static async Task<int> RunAsync(CommonOptions options, CliEnvironment env, Interruption interruption)
    {
        var cancellationToken = interruption.StopStarting;
        await using var session = await Workflow.OpenLockedAsync(options, env, "refresh", interruption).ConfigureAwait(false);
        var target = session.Target;
        var state = Workflow.LoadState(options, env, target);
        var result = await Workflow.Reconciler(options, target, state).RefreshAsync(state.Recorded, cancellationToken).ConfigureAwait(false);
        Workflow.SaveState(options, env, state with { Recorded = result.State });
        RefreshPrinter.Print(result, env.Out);
        RefreshPrinter.PrintSummary(state.Recorded, result, env.Out);
        return ExitCodes.Success;
    }
}
