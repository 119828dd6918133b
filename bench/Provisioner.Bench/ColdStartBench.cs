using System.Diagnostics;
using System.Globalization;

namespace Provisioner.Bench;

/// <summary>(a) Cold start: spawn → port line, and spawn → first answered RPC (GetPluginInfo), for every plugin
/// build and the Node dynamic-provider host, launched round-robin so that load spikes hit all of them alike.</summary>
internal static class ColdStartBench
{
    public sealed record Result(LaunchCommand Command, Sample PortLine, Sample FirstRpc);

    public static async Task<IReadOnlyList<Result>> RunAsync(IReadOnlyList<LaunchCommand> commands, int runs, Report report)
    {
        var results = commands.Select(c => new Result(c, new Sample(), new Sample())).ToArray();
        // One unmeasured round first: it brings the executables and the runtime into the page cache.
        for (var round = -1; round < runs; round++)
        {
            foreach (var result in results)
            {
                await using var launched = await LaunchedProcess.StartAsync(result.Command);
                var clock = Stopwatch.StartNew();
                await PluginSession.FirstRpcAsync(launched.Port);
                var firstRpc = launched.PortLineMs + clock.Elapsed.TotalMilliseconds;
                if (round < 0) continue;
                result.PortLine.Add(launched.PortLineMs);
                result.FirstRpc.Add(firstRpc);
            }
        }

        report.Heading($"(a) Cold start — spawn → port line, median of {runs} (round-robin)");
        var anchor = results.FirstOrDefault(r => r.Command.FileName == "node");
        report.Table(["host", "port line median", "p90", "min", "port + first RPC (GetPluginInfo) median", "Node host ÷ this"],
            results.Select(r => (IReadOnlyList<string>)
            [
                r.Command.Label, Report.Ms(r.PortLine.Median), Report.Ms(r.PortLine.P90), Report.Ms(r.PortLine.Min),
                Report.Ms(r.FirstRpc.Median),
                anchor is null ? "–" : Report.Ratio(anchor.PortLine.Median / r.PortLine.Median),
            ]));
        foreach (var r in results.Where(r => r != anchor))
        {
            report.Target($"cold start, {r.Command.Label} (median port line)", Report.Ms(r.PortLine.Median), "≤ 50 ms", r.PortLine.Median <= 50);
            if (anchor is not null)
            {
                var speedup = anchor.PortLine.Median / r.PortLine.Median;
                report.Target($"cold start, {r.Command.Label} vs Node dynamic-provider host", Report.Ratio(speedup), "≥ 10× faster", speedup >= 10);
            }
        }
        Console.Error.WriteLine(string.Join(", ", results.Select(r => $"{r.Command.Label} {r.PortLine.Median.ToString("F1", CultureInfo.InvariantCulture)} ms")));
        return results;
    }
}
