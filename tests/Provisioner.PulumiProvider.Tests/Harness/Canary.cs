namespace Provisioner.PulumiProvider.Tests.Harness;

/// <summary>A unique secret value per test: if it shows up anywhere it should not, the test knows exactly where it came from.</summary>
internal static class Canary
{
    public static string New(string label = "password") => $"canary-{label}-{Guid.NewGuid():N}";
}
