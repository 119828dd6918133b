namespace Provisioner.Cli;

/// <summary>Everything the CLI takes from its process, so tests can run it in-process with their own streams,
/// environment and working folder.</summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> GetVariable, string WorkingDirectory)
{
    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());

    public string Resolve(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary><c>.aep-provision/</c> under the working folder: state files and the local emulator's data.</summary>
    public string ToolDirectory => Path.Combine(WorkingDirectory, ".aep-provision");
}
