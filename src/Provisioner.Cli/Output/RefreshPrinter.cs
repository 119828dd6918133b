namespace Provisioner.Cli.Output;

/// <summary>What a refresh found outside this tool: one line per deleted or edited connection.</summary>
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
}
