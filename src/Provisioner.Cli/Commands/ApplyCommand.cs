namespace Provisioner.Cli.Commands;

/// <summary><c>apply</c>: under the state lock, refresh, plan, carry it out, save state (always, also after partial
/// failure or an interrupt) and print the id/etag table. With nothing to change it makes no write to the service.
/// <c>--test</c> then tests what the run created, adopted, updated or replaced — every recorded connection when it
/// changed nothing (<see cref="ConnectionTester.KeysToTestAfter"/>); a failed test makes the exit code 1, and the
/// connection stays recorded.</summary>
internal static class ApplyCommand
{
    public static async Task<int> RunAsync(CommonOptions options, bool testAfter, CliEnvironment env, Interruption interruption)
    {
        var reading = interruption.StopStarting; // until the first write, an interrupt stops at once: nothing to save
        await using var session = await Workflow.OpenLockedAsync(options, env, "apply", interruption).ConfigureAwait(false);
        var target = session.Target;
        var desired = await Workflow.LoadDesiredAsync(options, env, target.Catalog, reading).ConfigureAwait(false);
        if (desired is null)
        {
            return ExitCodes.Error;
        }
        var statePath = Workflow.StatePath(options, env);
        var (state, refreshed) = await Workflow.RefreshFirstAsync(options, env, target, Workflow.LoadState(options, env, target), reading).ConfigureAwait(false);
        var reconciler = Workflow.Reconciler(options, target, state);
        var plan = await reconciler.PlanAsync(desired, state.Recorded, reading).ConfigureAwait(false);
        PlanPrinter.Print(plan, env.Out);
        if (!plan.HasChanges && !plan.HasErrors)
        {
            if (!File.Exists(statePath) || state.HasInlineKey || refreshed)
            {
                // keeps the fingerprint key, so the next run compares secrets; moves an inline key out of the file;
                // records new etags a refresh found
                Workflow.SaveState(options, env, state with { HasInlineKey = false });
            }
            env.Out.WriteLine();
            OutputsPrinter.PrintTable(state.Recorded, env.Out);
            if (testAfter && state.Recorded.Connections.Count > 0)
            {
                env.Out.WriteLine();
                var noChanges = new ApplyResult(state.Recorded, [], []);
                return await TestCommand.RunTestsAsync(options, target, state.Recorded, ConnectionTester.KeysToTestAfter(noChanges), env, reading).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }

        var result = await reconciler.ApplyAsync(plan, new ProgressPrinter(env.Error, plan), interruption.StopStarting, interruption.Abort).ConfigureAwait(false);
        foreach (var error in result.Errors.Where(e => !e.NotStarted)) // not-started keys: one line in the interrupt summary
        {
            env.Error.WriteLine($"error: {error}");
        }
        // Saved also when keys failed or the run was interrupted: the state holds everything that now exists, so the
        // next run finishes the rest.
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
        if (interruption.ExitCode is { } interrupted)
        {
            PrintInterrupted(interruption, result, env);
            return interrupted;
        }
        env.Out.WriteLine($"Applied {result.Applied.Count} change(s)" + (result.Errors.Count > 0 ? $", {result.Errors.Count} failed (state saved; run apply again to finish)." : "."));
        env.Out.WriteLine();
        OutputsPrinter.PrintTable(result.State, env.Out);
        var exit = result.Succeeded ? ExitCodes.Success : ExitCodes.Error;
        if (testAfter && ConnectionTester.KeysToTestAfter(result) is { Count: > 0 } changed)
        {
            env.Out.WriteLine();
            var tested = await TestCommand.RunTestsAsync(options, target, result.State, changed, env, interruption.StopStarting).ConfigureAwait(false);
            exit = exit == ExitCodes.Success ? tested : exit;
        }
        return exit;
    }

    private static void PrintInterrupted(Interruption interruption, ApplyResult result, CliEnvironment env)
    {
        var notStarted = result.Errors.Where(e => e.NotStarted).Select(e => e.Key).ToArray();
        env.Out.WriteLine($"Interrupted ({interruption.SignalName}): {result.Applied.Count} change(s) done, {notStarted.Length} not started, "
            + $"{result.Errors.Count - notStarted.Length} failed or cut off. The state is saved with every connection known to exist "
            + $"({result.State.Connections.Count + result.State.Pipeline.Count + result.State.Superseded.Count} recorded); run apply again to finish.");
        if (notStarted.Length > 0)
        {
            env.Out.WriteLine("Not started: " + string.Join(", ", notStarted));
        }
        if (result.OutcomeUnknown)
        {
            env.Out.WriteLine("Some creates were cut off and could not be settled: run refresh, then apply — it finds them by name.");
        }
    }
}
