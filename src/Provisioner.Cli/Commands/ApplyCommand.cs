using Provisioner.Cli.Output;
using Provisioner.Cli.Settings;
using Provisioner.Cli.State;
using Provisioner.Core.Reconciliation;

namespace Provisioner.Cli.Commands;

/// <summary><c>apply</c>: plan, then carry it out, save state (always, also after partial failure) and print the
/// id/etag table. With nothing to change it makes no write at all. <c>--test</c> then tests what the run created,
/// adopted, updated or replaced — every recorded connection when it changed nothing (<see cref="ConnectionTester.KeysToTestAfter"/>);
/// a failed test makes the exit code 1, and the connection stays recorded.</summary>
internal static class ApplyCommand
{
    public static async Task<int> RunAsync(CommonOptions options, bool testAfter, CliEnvironment env, CancellationToken cancellationToken)
    {
        await using var target = await Target.OpenAsync(options, env, cancellationToken).ConfigureAwait(false);
        var desired = await Workflow.LoadDesiredAsync(options, env, target.Catalog, cancellationToken).ConfigureAwait(false);
        if (desired is null)
        {
            return ExitCodes.Error;
        }
        var statePath = Workflow.StatePath(options, env);
        var state = Workflow.LoadState(options, env, target);
        var reconciler = Workflow.Reconciler(options, target, state);
        var plan = await reconciler.PlanAsync(desired, state.Recorded, cancellationToken).ConfigureAwait(false);
        PlanPrinter.Print(plan, env.Out);
        if (!plan.HasChanges && !plan.Errors.Any())
        {
            if (!File.Exists(statePath) || state.HasInlineKey)
            {
                // keeps the fingerprint key, so the next run compares secrets; moves an inline key out of the file
                Workflow.SaveState(options, env, state with { HasInlineKey = false });
            }
            env.Out.WriteLine();
            OutputsPrinter.PrintTable(state.Recorded, env.Out);
            if (testAfter && state.Recorded.Connections.Count > 0)
            {
                env.Out.WriteLine();
                var noChanges = new ApplyResult(state.Recorded, [], []);
                return await TestCommand.RunTestsAsync(options, target, state.Recorded, ConnectionTester.KeysToTestAfter(noChanges), env, cancellationToken).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }

        var result = await reconciler.ApplyAsync(plan, new ProgressPrinter(env.Error), cancellationToken).ConfigureAwait(false);
        foreach (var error in result.Errors)
        {
            env.Error.WriteLine($"error: {error}");
        }
        // Saved also when keys failed: the state holds everything that now exists, so the next run finishes the rest.
        try
        {
            Workflow.SaveState(options, env, state with { Recorded = result.State });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{Path.GetRelativePath(env.WorkingDirectory, statePath)}: the state could not be saved ({e.Message}). "
                + $"{result.Applied.Count} change(s) were applied on the service; fix the folder, then run refresh (new etags) "
                + "and apply (it finds the connections it created by name and adopts them).");
        }
        env.Out.WriteLine($"Applied {result.Applied.Count} change(s)" + (result.Errors.Count > 0 ? $", {result.Errors.Count} failed (state saved; run apply again to finish)." : "."));
        env.Out.WriteLine();
        OutputsPrinter.PrintTable(result.State, env.Out);
        var exit = result.Succeeded ? ExitCodes.Success : ExitCodes.Error;
        if (testAfter && ConnectionTester.KeysToTestAfter(result) is { Count: > 0 } changed)
        {
            env.Out.WriteLine();
            var tested = await TestCommand.RunTestsAsync(options, target, result.State, changed, env, cancellationToken).ConfigureAwait(false);
            exit = exit == ExitCodes.Success ? tested : exit;
        }
        return exit;
    }
}
