using Provisioner.Cli;

namespace Provisioner.Reliability.Tests.Support;

/// <summary>
/// <c>aep-provision</c> run in-process (its real command tree) against an emulator through AEP_* environment
/// variables, in a private working folder. Captures stdout and stderr of every run.
/// </summary>
internal sealed class CliRun : IDisposable
{
    public const string DefinitionsFile = "connections.yaml";

    private readonly Dictionary<string, string> _environment;

    public CliRun(EmulatorHost emulator, string? clientSecret = null, string? accessToken = null, string password = "cli-pw")
    {
        WorkingDirectory = Directory.CreateTempSubdirectory("reliability-cli-").FullName;
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AEP_ENDPOINT"] = emulator.BaseAddress.ToString(),
            ["AEP_IMS_ENDPOINT"] = emulator.BaseAddress.ToString(),
            ["AEP_CLIENT_ID"] = emulator.Options.ClientId,
            ["AEP_ORG_ID"] = emulator.Options.OrgId,
            ["AEP_SANDBOX_NAME"] = "prod",
            ["AEP_SECRET_" + Service.PasswordSecret.ToUpperInvariant()] = password,
        };
        if (accessToken is not null) _environment["AEP_ACCESS_TOKEN"] = accessToken;
        else _environment["AEP_CLIENT_SECRET"] = clientSecret ?? emulator.Options.ClientSecret;
    }

    public string WorkingDirectory { get; }

    public string StatePath => Path.Combine(WorkingDirectory, ".aep-provision", "state", "default.json");

    /// <summary>Everything every run printed, for leak scans.</summary>
    public List<(string Where, string? Text)> Captured { get; } = [];

    public void WriteDefinitions(string yaml) => File.WriteAllText(Path.Combine(WorkingDirectory, DefinitionsFile), yaml);

    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = new CliEnvironment(stdout, stderr, name => _environment.GetValueOrDefault(name), WorkingDirectory);
        var exit = await CliApp.RunAsync([.. args, "--file", DefinitionsFile], env);
        var run = string.Join(' ', args);
        Captured.Add(($"cli {run} stdout", stdout.ToString()));
        Captured.Add(($"cli {run} stderr", stderr.ToString()));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The recorded state the CLI saved.</summary>
    public RecordedState LoadState()
    {
        var json = (JsonObject)JsonNode.Parse(File.ReadAllText(StatePath))!;
        return RecordedStateJson.FromJson((JsonObject)json["connections"]!);
    }

    /// <summary>Every file the CLI left in its working folder, with its text.</summary>
    public IEnumerable<(string Where, string? Text)> Files() =>
        Directory.EnumerateFiles(WorkingDirectory, "*", SearchOption.AllDirectories)
            .Select(f => ($"file {Path.GetRelativePath(WorkingDirectory, f)}", (string?)File.ReadAllText(f)));

    public void Dispose() => Directory.Delete(WorkingDirectory, recursive: true);
}
