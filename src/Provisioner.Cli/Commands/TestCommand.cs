namespace Provisioner.Cli.Commands;

/// <summary><c>test [--key K]…</c>: asks the service to test the recorded connections' credentials
/// (<c>GET /connections/{id}/test</c>). Exit 0 when every tested connection is ok, 1 otherwise. Reads state, never
/// writes it: a connection that is gone is reported (refresh/apply deal with it).</summary>
internal static class TestCommand
{
    public static async Task<int> RunAsync(CommonOptions options, IReadOnlyList<string> keys, CliEnvironment env, Interruption interruption)
    {
        var cancellationToken = interruption.StopStarting; // tests only read: an interrupt stops at once
        // Under the state lock like every command that opens a target: with --local the emulator's data file is shared.
        await using var session = await Workflow.OpenLockedAsync(options, env, "test", interruption).ConfigureAwait(false);
        var target = session.Target;
        var recorded = Workflow.LoadState(options, env, target).Recorded;
        if (keys.Count > 0 && ConnectionTester.UnknownKeys(recorded, keys) is { } problem)
        {
            throw new CliException(problem);
        }
        if (recorded.Connections.Count == 0)
        {
            env.Out.WriteLine("No connections recorded; nothing to test (run apply first).");
            return ExitCodes.Success;
        }
        return await RunTestsAsync(options, target, recorded, keys.Count > 0 ? keys : null, env, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tests and prints; shared with <c>apply --test</c>. Exit code: 0 all ok, 1 any failed.</summary>
    public static async Task<int> RunTestsAsync(CommonOptions options, Target target, RecordedState recorded, IReadOnlyList<string>? keys,
        CliEnvironment env, CancellationToken cancellationToken)
    {
        var results = await ConnectionTester.TestAsync(target.Client, recorded, keys, options.Parallelism, cancellationToken).ConfigureAwait(false);
        TestPrinter.Print(results, env.Out);
        return results.All(r => r.Passed) ? ExitCodes.Success : ExitCodes.Error;
    }
}
