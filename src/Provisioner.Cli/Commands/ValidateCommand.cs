namespace Provisioner.Cli.Commands;

/// <summary><c>validate</c>: checks the definitions offline against the embedded catalog, secrets included.</summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(CommonOptions options, CliEnvironment env, CancellationToken cancellationToken)
    {
        var desired = await Workflow.LoadDesiredAsync(options, env, SourceCatalog.Offline, cancellationToken).ConfigureAwait(false);
        if (desired is null)
        {
            return ExitCodes.Error;
        }
        env.Out.WriteLine($"{options.File}: {desired.Entries.Count} connection(s), no errors (checked against the embedded catalog of "
            + "connection specs; plan and apply check against the service's own specs and follow them where they differ).");
        return ExitCodes.Success;
    }
}
