using Provisioner.Cli.Settings;

namespace Provisioner.Cli.Commands;

/// <summary><c>refresh</c>: re-reads recorded connections (new etags, out-of-band edits, deletions) so the next plan
/// shows the drift and an update no longer fails with 412.</summary>
internal static class RefreshCommand
{
    public static async Task<int> RunAsync(CommonOptions options, CliEnvironment env, CancellationToken cancellationToken)
    {
        await using var target = await Target.OpenAsync(options, env, cancellationToken).ConfigureAwait(false);
        var state = Workflow.LoadState(options, env, target);
        var result = await Workflow.Reconciler(options, target, state).RefreshAsync(state.Recorded, cancellationToken).ConfigureAwait(false);
        Workflow.SaveState(options, env, state with { Recorded = result.State });
        foreach (var key in result.Gone)
        {
            env.Out.WriteLine($"  - {key}: gone from the service; the next apply creates it");
        }
        foreach (var key in result.Drifted)
        {
            env.Out.WriteLine($"  ~ {key}: changed outside this tool; the next plan shows the difference");
        }
        env.Out.WriteLine($"Refreshed {state.Recorded.Connections.Count} connection(s): {result.Gone.Count} gone, {result.Drifted.Count} drifted.");
        return ExitCodes.Success;
    }
}
