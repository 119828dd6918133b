using Provisioner.Core.Pipeline;

namespace Provisioner.Cli.Commands;

/// <summary><c>status [--json]</c>: what the service shows now for every recorded object — whether it still exists and,
/// for a dataflow, its state and newest run. Reads only (one GET per object, one runs query per dataflow); never writes
/// the state. Exit 0 also when objects are gone (the report says so); 1 when the service fails.</summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(CommonOptions options, bool json, CliEnvironment env, Interruption interruption)
    {
        var cancellationToken = interruption.StopStarting; // status only reads: an interrupt stops it at once
        // Under the state lock like every command that opens a target: with --local the emulator's data file is shared.
        await using var session = await Workflow.OpenLockedAsync(options, env, "status", interruption).ConfigureAwait(false);
        var target = session.Target;
        var recorded = Workflow.LoadState(options, env, target).Recorded;
        var statuses = await ObjectStatusReader.ReadAsync(target.Client, target.Pipeline, recorded, options.Parallelism, cancellationToken)
            .ConfigureAwait(false);
        if (json)
        {
            StatusPrinter.PrintJson(recorded, statuses, env.Out);
        }
        else
        {
            StatusPrinter.PrintTable(recorded, statuses, env.Out);
        }
        return ExitCodes.Success;
    }
}
