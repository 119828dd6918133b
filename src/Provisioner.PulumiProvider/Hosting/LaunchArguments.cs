namespace Provisioner.PulumiProvider.Hosting;

/// <summary>
/// The engine launches <c>pulumi-resource-aep [--logtostderr] [-v=N] [--tracing X] &lt;engine-address&gt;</c>, or with
/// no arguments in attach mode. The address is the last non-flag argument; flags only tune stderr verbosity.
/// </summary>
public sealed record LaunchArguments(string? EngineAddress, int Verbosity)
{
    public static LaunchArguments Parse(IReadOnlyList<string> args)
    {
        string? address = null;
        var verbosity = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--tracing" or "-tracing")
            {
                i++; // its value is an endpoint, not the engine address
            }
            else if (arg.StartsWith("-v=", StringComparison.Ordinal) || arg.StartsWith("--v=", StringComparison.Ordinal))
            {
                _ = int.TryParse(arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..], out verbosity);
            }
            else if (arg.StartsWith('-'))
            {
                // --logtostderr, --logflow, --tracing=X, and anything a newer engine adds.
            }
            else
            {
                address = arg;
            }
        }
        return new LaunchArguments(address, verbosity);
    }
}
