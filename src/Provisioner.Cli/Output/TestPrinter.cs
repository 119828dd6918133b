namespace Provisioner.Cli.Output;

/// <summary>One line per tested connection (<c>KEY: ok</c> / <c>KEY: failed: REASON</c>, the wording Core and the
/// client give) and a count. Never a param: the reason comes from the service's scrubbed error body.</summary>
internal static class TestPrinter
{
    public static void Print(IReadOnlyList<KeyTestResult> results, TextWriter output)
    {
        foreach (var result in results)
        {
            output.WriteLine($"  {result}");
        }
        var failed = results.Count(r => !r.Passed);
        output.WriteLine($"Tested {results.Count} connection(s): {results.Count - failed} ok, {failed} failed.");
    }
}
