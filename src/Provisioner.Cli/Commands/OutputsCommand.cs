namespace Provisioner.Cli.Commands;

/// <summary><c>outputs</c>: the recorded id/etag per key, from the state file alone (no service call).</summary>
internal static class OutputsCommand
{
    public static int Run(CommonOptions options, bool json, CliEnvironment env)
    {
        var path = Workflow.StatePath(options, env);
        var recorded = State.StateStore.Load(path, target: null, Workflow.Keys(env), Path.GetRelativePath(env.WorkingDirectory, path)).Recorded;
        if (json)
        {
            OutputsPrinter.PrintJson(recorded, env.Out);
        }
        else
        {
            OutputsPrinter.PrintTable(recorded, env.Out);
        }
        return ExitCodes.Success;
    }
}
