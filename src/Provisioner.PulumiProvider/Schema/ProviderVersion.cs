namespace Provisioner.PulumiProvider.Schema;

/// <summary>The plugin's semver, from the assembly version (the csproj's &lt;Version&gt;): Major.Minor.Patch.</summary>
public static class ProviderVersion
{
    public static string Value { get; } = Compute();

    private static string Compute()
    {
        var version = typeof(ProviderVersion).Assembly.GetName().Version ?? new Version(0, 0, 0);
        return $"{version.Major}.{version.Minor}.{Math.Max(version.Build, 0)}";
    }
}
