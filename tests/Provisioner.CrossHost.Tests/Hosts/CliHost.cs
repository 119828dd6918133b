using System.Diagnostics;
using System.Text.RegularExpressions;
using Provisioner.Core.Reconciliation;
using Provisioner.Testing;

namespace Provisioner.CrossHost.Tests.Hosts;

/// <summary>
/// The <c>aep-provision</c> executable run as its own process
/// per command, in a private working folder, pointed at the emulator through AEP_* variables — as a CI job runs it.
/// </summary>
internal sealed partial class CliHost : IHostUnderTest
{
    private const string DefinitionsFile = "connections.yaml";

    private readonly string _directory = Directory.CreateTempSubdirectory("crosshost-cli-").FullName;
    private IReadOnlyDictionary<string, string> _secrets = new Dictionary<string, string>();

    private CliHost(EmulatorHost service) => Service = service;

    public string Name => "CLI";

    public EmulatorHost Service { get; }

    public static async Task<CliHost> StartAsync() => new(await EmulatorHost.StartAsync());

    public async Task RefreshAsync() => await RunAsync(0, "refresh");

    public async Task<IReadOnlyDictionary<string, KeyAction>> PreviewAsync(DesiredSet desired)
    {
        Write(desired);
        var output = await RunAsync(-1, "plan");
        var plan = new SortedDictionary<string, KeyAction>(StringComparer.Ordinal);
        foreach (Match line in PlanLine().Matches(output).Where(l => !l.Groups["key"].Value.Contains('.', StringComparison.Ordinal)))
        {
            plan[line.Groups["key"].Value] = Enum.TryParse<KeyAction>(line.Groups["action"].Value, ignoreCase: true, out var action)
                ? action
                : throw new HostFailedException($"plan shows '{line.Value.Trim()}', which the model never calls for\n{output}");
        }
        return plan;
    }

    public async Task ApplyAsync(DesiredSet desired)
    {
        Write(desired);
        await RunAsync(0, "apply");
    }

    public IReadOnlyDictionary<string, string> RecordedIds()
    {
        var path = Path.Combine(_directory, ".aep-provision", "state", "default.json");
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>();
        }
        var json = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        return RecordedStateJson.FromJson((JsonObject)json["connections"]!).Connections.ToDictionary(c => c.Key, c => c.Value.Id, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, string> RecordedPipelineIds()
    {
        var path = Path.Combine(_directory, ".aep-provision", "state", "default.json");
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path))!["pipeline"] is not JsonObject pipeline)
        {
            return new Dictionary<string, string>();
        }
        return pipeline.SelectMany(section => ((JsonObject)section.Value!).Select(entry => KeyValuePair.Create($"{section.Key}.{entry.Key}", (string)entry.Value!["id"]!)))
            .ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The apphost in the CLI project's own build output (same configuration as the tests, built by the project
    /// reference). Not the copy next to the tests: there the CLI's deps.json names package assemblies (ObjectPool,
    /// Logging.Configuration, …) that the tests' ASP.NET Core framework reference keeps out of the folder, and the
    /// client fails on its first request.
    /// </summary>
    private static string Executable
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            var path = RepoRoot.Combine("src", "Provisioner.Cli", "bin", configuration, framework.Name, OperatingSystem.IsWindows() ? "aep-provision.exe" : "aep-provision");
            return File.Exists(path) ? path : throw new FileNotFoundException("aep-provision is not built (build the tests, which build it)", path);
        }
    }

    private void Write(DesiredSet desired)
    {
        File.WriteAllText(Path.Combine(_directory, DefinitionsFile), desired.DefinitionsYaml());
        _secrets = desired.Secrets();
    }

    /// <param name="expectedExit">The exit code required; -1 = plan's 0 (no changes) or 2 (changes).</param>
    private async Task<string> RunAsync(int expectedExit, string command)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        start.ArgumentList.Add(command);
        start.ArgumentList.Add("--file");
        start.ArgumentList.Add(DefinitionsFile);
        // Nothing from the machine running the tests: only this emulator and these secrets.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AEP_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["AEP_ENDPOINT"] = Service.BaseAddress.ToString();
        start.Environment["AEP_IMS_ENDPOINT"] = Service.BaseAddress.ToString();
        start.Environment["AEP_CLIENT_ID"] = Service.Options.ClientId;
        start.Environment["AEP_CLIENT_SECRET"] = Service.Options.ClientSecret;
        start.Environment["AEP_ORG_ID"] = Service.Options.OrgId;
        start.Environment["AEP_SANDBOX_NAME"] = "prod";
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_directory, "config"); // the fingerprint key stays in the scratch folder
        foreach (var (name, value) in _secrets)
        {
            start.Environment["AEP_SECRET_" + name.ToUpperInvariant()] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start aep-provision");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // hang guard only
        await process.WaitForExitAsync(guard.Token);
        var (output, error) = (await stdout, await stderr);
        var ok = expectedExit < 0 ? process.ExitCode is 0 or 2 : process.ExitCode == expectedExit;
        if (!ok)
        {
            throw new HostFailedException($"aep-provision {command} exited {process.ExitCode}\nstdout:\n{output}\nstderr:\n{error}");
        }
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a scratch folder: best effort
        }
    }

    // "  ~ k1  update   <id>: description" — symbol, key, action, detail (PlanPrinter).
    [GeneratedRegex(@"^\s+\S\s+(?<key>\S+)\s+(?<action>create|adopt|update|replace|delete|forget)\b", RegexOptions.Multiline)]
    private static partial Regex PlanLine();
}

/// <summary>A host answered with an error where the step expected success.</summary>
public sealed class HostFailedException(string message) : Exception(message);
