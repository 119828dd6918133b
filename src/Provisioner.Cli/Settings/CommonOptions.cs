namespace Provisioner.Cli.Settings;

/// <summary>The options every command shares.</summary>
internal sealed record CommonOptions(string File, string? Stack, bool Local, int Parallelism, bool RetainRemoved)
{
    public const string DefaultFile = "infra/connections.yaml";

    /// <summary>The state file's name: one per target.</summary>
    public string StateName => Local ? "local" : Stack ?? "default";
}
