using Provisioner.Cli;

namespace Provisioner.Cli.Tests;

/// <summary>Runs aep-provision in-process in a scratch working folder holding a copy of the example definitions.</summary>
internal sealed class CliWorkspace : IDisposable
{
    public CliWorkspace()
    {
        Directory = Path.Combine(Path.GetTempPath(), "aep-provision-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "infra"));
        File.Copy(Path.Combine(RepositoryRoot(), "infra", "connections.yaml"), Path.Combine(Directory, "infra", "connections.yaml"));
    }

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

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Provisioner.sln")))
        {
            directory = directory.Parent;
        }
        return directory.FullName;
    }

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
