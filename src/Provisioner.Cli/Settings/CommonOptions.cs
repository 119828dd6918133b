namespace Provisioner.Cli.Settings;

/// <summary>The options every command shares.</summary>
internal sealed record CommonOptions(string File, string? Stack, bool Local, int Parallelism, bool RetainRemoved)
{
    public const string DefaultFile = "infra/connections.yaml";

    /// <summary>How long to wait for another run's state lock before failing (<c>--lock-timeout</c>).</summary>
    public const string DefaultLockTimeout = "10s";

    /// <summary>How long writes in flight may finish after the first SIGINT/SIGTERM (<c>--interrupt-timeout</c>).</summary>
    public const string DefaultInterruptTimeout = "30s";

    public TimeSpan LockTimeout { get; init; } = Duration.Parse(DefaultLockTimeout, "--lock-timeout");

    /// <summary>Re-read the recorded connections before planning (<c>--refresh=false</c> skips it).</summary>
    public bool Refresh { get; init; } = true;

    /// <summary>The state file's name: one per target.</summary>
    public string StateName => Local ? "local" : Stack ?? "default";
}
