namespace Provisioner.Reliability.Tests.Support;

/// <summary>
/// How big the runs are. CI runs the default sizes (the whole suite stays within a few minutes on 2 cores); a soak
/// run multiplies them: <c>AEP_SOAK=1 dotnet test tests/Provisioner.Reliability.Tests</c>.
/// </summary>
internal static class Scale
{
    public static bool Soak => Environment.GetEnvironmentVariable("AEP_SOAK") is "1" or "true";

    /// <summary>The CI size, or the soak size under AEP_SOAK=1.</summary>
    public static int Pick(int ci, int soak) => Soak ? soak : ci;
}
