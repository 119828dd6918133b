using Xunit;

namespace Provisioner.Testing;

/// <summary>
/// The one wait helper: polls a condition another thread or process will make true (a request reaching the emulator,
/// a background refresh). Bounded by a number of polls as a hang guard only; no test asserts how long it took.
/// </summary>
public static class Eventually
{
    private const int Polls = 1200;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Waits until <paramref name="condition"/> holds, then asserts it (so a hang fails with <paramref name="because"/>).</summary>
    public static Task UntilAsync(Func<bool> condition, string because = "the awaited condition never held") =>
        UntilAsync(condition, () => because);

    /// <summary>As above; <paramref name="because"/> is built only on failure (e.g. to attach a process's output).</summary>
    public static async Task UntilAsync(Func<bool> condition, Func<string> because)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(because);
        for (var i = 0; i < Polls && !condition(); i++)
        {
            await Task.Delay(Interval);
        }
        Assert.True(condition(), condition() ? null : because());
    }
}
