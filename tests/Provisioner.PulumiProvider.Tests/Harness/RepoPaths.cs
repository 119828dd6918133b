namespace Provisioner.PulumiProvider.Tests.Harness;

/// <summary>Where the repository and the shared reference material are, found from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>shared/reference</c>: the repo root's sibling in the main checkout; worktrees sit one level
    /// deeper, so look in every ancestor.</summary>
    public static string SharedReference { get; } = FindShared();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioner.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Provisioner.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("../shared/reference not found above " + Root);
    }
}
