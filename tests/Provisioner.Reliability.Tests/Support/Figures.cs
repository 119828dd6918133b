using System.Text.Json;

namespace Provisioner.Reliability.Tests.Support;

/// <summary>
/// Measured figures of a test: printed to the test output and written to
/// <c>TestResults/reliability/&lt;name&gt;.json</c>, from which docs/reliability.md quotes them. Nothing here is
/// hard-coded: a figure is whatever the run counted.
/// </summary>
internal static class Figures
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Record(ITestOutputHelper output, string name, IReadOnlyDictionary<string, object?> figures)
    {
        var document = new Dictionary<string, object?>(figures) { ["soak"] = Scale.Soak, ["recordedAt"] = DateTimeOffset.UtcNow.ToString("u") };
        var json = JsonSerializer.Serialize(document, Indented);
        output.WriteLine($"figures {name}: {json}");
        var directory = RepoRoot.Combine("TestResults", "reliability");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".json"), json);
    }
}
