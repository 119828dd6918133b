using Provisioner.Cli;

namespace Provisioner.Cli.Tests;

/// <summary>Runs aep-provision in-process in a scratch working folder holding a copy of the example definitions.</summary>
internal sealed class CliWorkspace : IDisposable
{
    public CliWorkspace()
    {
        Directory = Path.Combine(Path.GetTempPath(), "aep-provision-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "infra"));
        File.Copy(Provisioner.Testing.RepoRoot.Combine("infra", "connections.yaml"), Path.Combine(Directory, "infra", "connections.yaml"));
        Environment["XDG_CONFIG_HOME"] = ConfigDirectory; // fingerprint keys go to the "user profile", inside the scratch folder
    }

    /// <summary>A workspace whose stack <c>dev</c> targets <paramref name="emulator"/> (sandbox dev) with its client secret.</summary>
    public static CliWorkspace ForStack(Provisioner.Emulator.EmulatorHost emulator)
    {
        var workspace = new CliWorkspace();
        workspace.Write("stacks/Pulumi.dev.yaml", $"""
            config:
              aep:endpoint: {emulator.BaseAddress}
              aep:imsEndpoint: {emulator.BaseAddress}
              aep:clientId: {emulator.Options.ClientId}
              aep:orgId: {emulator.Options.OrgId}
              aep:sandboxName: dev
              aep:clientSecret:
                secure: AAABAKnotreadable
            """);
        workspace.Environment["AEP_CLIENT_SECRET"] = emulator.Options.ClientSecret;
        return workspace;
    }

    /// <summary>Sets every secret the example definitions reference to <paramref name="value"/>.</summary>
    public CliWorkspace WithExampleSecrets(string value)
    {
        foreach (var name in new[] { "mixpanelPassword", "s3LandingSecretKey", "salesforcePassword", "salesforceSecurityToken" })
        {
            WithSecret(name, value);
        }
        return this;
    }

    /// <summary>Sets the secret a definition references as <c>{ secret: <paramref name="name"/> }</c>: the environment
    /// variable AEP_SECRET_ and the name in upper case.</summary>
    public CliWorkspace WithSecret(string name, string value)
    {
        Environment["AEP_SECRET_" + name.ToUpperInvariant()] = value;
        return this;
    }

    /// <summary>Stands in for the user's configuration folder (XDG_CONFIG_HOME).</summary>
    public string ConfigDirectory => Path.Combine(Directory, "config");

    public string KeyDirectory => Path.Combine(ConfigDirectory, "aep-provision", "keys");

    public string StatePath(string name) => Path.Combine(Directory, ".aep-provision", "state", name + ".json");

    public string Directory { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliEnvironment(output, error, name => Environment.GetValueOrDefault(name), Directory));
        return (code, output.ToString(), error.ToString());
    }

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Every file the CLI wrote under .aep-provision/, concatenated (for secret scans).</summary>
    public string ToolFiles() =>
        string.Concat(System.IO.Directory.EnumerateFiles(Path.Combine(Directory, ".aep-provision"), "*", SearchOption.AllDirectories).Select(File.ReadAllText));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a scratch folder
        }
    }
}
