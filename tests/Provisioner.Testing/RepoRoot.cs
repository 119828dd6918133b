namespace Provisioner.Testing;

/// <summary>
/// Finds the repository root (the folder holding <c>Provisioner.sln</c>) from a test's output folder, and the shared
/// reference folder, which sits at <c>../shared</c> next to the repo (or next to an ancestor, for git worktrees such
/// as <c>/work/wt/x</c> with <c>/work/shared</c>). <c>PROVISIONER_SHARED_DIR</c> overrides the lookup.
/// </summary>
public static class RepoRoot
{
    private static readonly Lazy<DirectoryInfo> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioner.sln"))) return dir;
        }

        throw new DirectoryNotFoundException($"No folder with Provisioner.sln above '{AppContext.BaseDirectory}'.");
    });


    /// <summary>The folder holding Provisioner.sln.</summary>
    public static string Find() => Root.Value.FullName;

    /// <summary>A path inside the repo, e.g. <c>RepoRoot.Combine("src", "Provisioner.Emulator")</c>.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Find(), .. parts]);

    /// <summary>The shared folder (holds <c>reference/</c>).</summary>
    /// <exception cref="DirectoryNotFoundException">Neither the override nor any <c>../shared</c> above the repo exists.</exception>
    public static string SharedDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable("PROVISIONER_SHARED_DIR");
        if (!string.IsNullOrEmpty(overridden))
        {
            return Directory.Exists(overridden) ? Path.GetFullPath(overridden)
                : throw new DirectoryNotFoundException($"PROVISIONER_SHARED_DIR='{overridden}' does not exist.");
        }

        for (var dir = Root.Value.Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "reference"))) return candidate;
        }

        throw new DirectoryNotFoundException($"No shared/reference folder next to '{Find()}' or any folder above it. Set PROVISIONER_SHARED_DIR.");
    }

    /// <summary><c>shared/reference/adobe-openapi</c>.</summary>
    public static string AdobeOpenApiDirectory() => Path.Combine(SharedDirectory(), "reference", "adobe-openapi");
}
