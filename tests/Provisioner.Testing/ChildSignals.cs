using System.Runtime.InteropServices;

namespace Provisioner.Testing;

/// <summary>
/// Lets the processes a test starts receive SIGINT as they would under a terminal or the Pulumi engine. A test run
/// started as a background job (`cmd &amp;` without job control, `nohup`) inherits SIGINT ignored, and a child started from
/// it inherits that too: the .NET runtime then never installs its handler, so a test's Ctrl-C goes nowhere and a
/// signal test fails for a reason that is not the product's. Restores the default disposition in this test process
/// only when it is ignored, before a child is started (exec keeps ignored signals ignored, resets handled ones).
/// </summary>
public static partial class ChildSignals
{
    private const int SigInt = 2;
    private static readonly Lazy<bool> Restored = new(RestoreOnce);

    /// <summary>Call before starting a child that a test will interrupt with SIGINT.</summary>
    public static void PrepareForInterrupt() => _ = Restored.Value;

    private static bool RestoreOnce()
    {
        if (!OperatingSystem.IsLinux() || !SigIntIgnored())
        {
            return false;
        }
        return signal(SigInt, IntPtr.Zero) != new IntPtr(-1); // SIG_DFL
    }

    /// <summary>Bit 2 of the SigIgn mask in /proc/self/status (signal n is bit n-1).</summary>
    private static bool SigIntIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, null, out var mask)
            && (mask & (1UL << (SigInt - 1))) != 0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial IntPtr signal(int signum, IntPtr handler);
}
