namespace Provisioner.Cli;

/// <summary>Everything the CLI takes from its process, so tests can run it in-process with their own streams,
/// environment and working folder.</summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> GetVariable, string WorkingDirectory)
{
    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory()) { ListensForSignals = true };

    /// <summary>Handle SIGINT/SIGTERM gracefully (see <see cref="Interruption"/>): the real program only, never a test host.</summary>
    public bool ListensForSignals { get; init; }

    public string Resolve(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary><c>.aep-provision/</c> under the working folder: state files and the local emulator's data.</summary>
    public string ToolDirectory => Path.Combine(WorkingDirectory, ".aep-provision");

    /// <summary>Where the fingerprint keys of state files live: the user's configuration folder
    /// (<c>$XDG_CONFIG_HOME/aep-provision/keys</c>, else <c>~/.config/…</c>, on Windows <c>%APPDATA%\…</c>), away from
    /// the state files that get copied and committed. Without any of those variables: <c>.aep-provision/keys</c>.
    /// Read through <see cref="GetVariable"/>, so a test's environment never reaches the real profile.</summary>
    public string KeyDirectory =>
        GetVariable("XDG_CONFIG_HOME") is { Length: > 0 } config ? Path.Combine(config, "aep-provision", "keys")
        : GetVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config", "aep-provision", "keys")
        : GetVariable("APPDATA") is { Length: > 0 } appData ? Path.Combine(appData, "aep-provision", "keys")
        : Path.Combine(ToolDirectory, "keys");
}
