namespace Provisioner.Cli.Tests;

/// <summary>The check most CLI tests end with: the exit code, and what stderr must say.</summary>
internal static class CliAssert
{
    /// <summary>Asserts <paramref name="exitCode"/> and that stderr contains every one of <paramref name="inError"/>
    /// (ordinal; a failure names the part that is missing).</summary>
    public static void ExitsWith((int ExitCode, string Out, string Error) result, int exitCode, params string[] inError)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.All(inError, part => Assert.Contains(part, result.Error, StringComparison.Ordinal));
    }
}
