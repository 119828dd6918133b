using Provisioner.Core.Pipeline;

namespace Provisioner.Cli.Output;

/// <summary>What a refresh found outside this tool: one line per deleted or edited object, and a count of what it read.</summary>
internal static class RefreshPrinter
{
    public static void Print(RefreshResult result, TextWriter output)
    {
        foreach (var key in result.Gone)
        {
            output.WriteLine($"  - {key}: deleted outside this tool (gone from the service); apply creates it again");
        }
        foreach (var key in result.Drifted)
        {
            output.WriteLine($"  ~ {key}: changed outside this tool; the plan shows the difference");
        }
    }

    /// <summary><c>Refreshed 3 connection(s): 1 gone, 0 drifted.</c> — every kind the state recorded.</summary>
    public static void PrintSummary(RecordedState refreshed, RefreshResult result, TextWriter output) =>
        output.WriteLine($"Refreshed {KindCounts.Describe(refreshed)}: {result.Gone.Count} gone, {result.Drifted.Count} drifted.");
}
