namespace Provisioner.Cli.Commands;

/// <summary><c>force-unlock ID</c>: removes a state lock that its run cannot release (one left by another machine).
/// The id must match, so an unlock never hits a newer run's lock.</summary>
internal static class ForceUnlockCommand
{
    public static int Run(CommonOptions options, string id, CliEnvironment env)
    {
        var path = Workflow.StatePath(options, env);
        env.Out.WriteLine(StateLock.ForceUnlock(path, Path.GetRelativePath(env.WorkingDirectory, path), id));
        return ExitCodes.Success;
    }
}
