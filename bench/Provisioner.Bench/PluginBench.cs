using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Provisioner.Emulator;

namespace Provisioner.Bench;

/// <summary>The spawned plugin over real gRPC, as the engine drives it: (d) per-Create overhead over a raw HTTP POST
/// to the same emulator, apply and refresh of N resources at the engine's parallelism, and (e) peak RSS.</summary>
internal static class PluginBench
{
    public static async Task RunAsync(EmulatorHost emulator, IReadOnlyList<PluginBuild> builds, BenchOptions options, Report report)
    {
        var n = options.Sizes.Max();
        var concurrency = options.Concurrency;
        var latency = options.Latency;
        var overheadRows = new List<IReadOnlyList<string>>();
        var applyRows = new List<IReadOnlyList<string>>();
        foreach (var build in builds)
        {
            await emulator.ResetAsync();
            await using var launched = await LaunchedProcess.StartAsync(LaunchCommand.Plugin(build));
            using var session = await PluginSession.ConfigureAsync(launched.Port, emulator);
            using var raw = new RawFlowServiceCalls(emulator);

            // (d) Sequential, no injected latency, alternating so both see the same machine state.
            for (var i = 0; i < 10; i++)
            {
                await session.CreateAsync($"warm-{i}", PluginSession.Inputs($"warm-{i}"));
                await raw.GetAsync(await raw.CreateAsync($"warm-raw-{i}"));
            }
            var plugin = new Sample();
            var post = new Sample();
            var postGet = new Sample();
            for (var i = 0; i < options.OverheadOps; i++)
            {
                var clock = Stopwatch.StartNew();
                var id = await raw.CreateAsync($"raw-{i:D5}");
                post.Add(clock.Elapsed.TotalMilliseconds);
                await raw.GetAsync(id);
                postGet.Add(clock.Elapsed.TotalMilliseconds);
                var name = $"plugin-{i:D5}";
                var inputs = PluginSession.Inputs(name);
                clock.Restart();
                var created = await session.CreateAsync(name, inputs);
                plugin.Add(clock.Elapsed.TotalMilliseconds);
                if (string.IsNullOrEmpty(created.Id)) throw new InvalidOperationException($"{build.Label}: Create returned no id");
            }
            var overhead = plugin.Median - post.Median;
            overheadRows.Add([build.Label, Report.Ms(post.Median), Report.Ms(postGet.Median), Report.Ms(plugin.Median), Report.Ms(overhead), Report.Ms(plugin.Median - postGet.Median)]);
            report.Target($"per-Create overhead, {build.Label} (median Create − median raw POST)", Report.Ms(overhead), "≤ 1 ms", overhead <= 1);

            // Apply and refresh of N resources through the plugin, with the injected latency.
            await emulator.ResetAsync();
            emulator.Faults.AddLatency(latency);
            emulator.Journal.Clear();
            var resources = new ConcurrentBag<(string Name, Struct Inputs, CreateResponseView Created)>();
            var applyClock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
            {
                var name = $"up-{i:D5}";
                var inputs = PluginSession.Inputs(name);
                var created = await session.CreateAsync(name, inputs);
                resources.Add((name, inputs, new CreateResponseView(created.Id, created.Properties)));
            });
            var applyMs = applyClock.Elapsed.TotalMilliseconds;
            var createRequests = emulator.Journal.Entries.Count(e => e.Path.StartsWith("/data/", StringComparison.Ordinal)) / (double)n;
            if (resources.Count != n || emulator.GetStoredConnections().Count != n)
                throw new InvalidOperationException($"{build.Label}: {resources.Count} Creates answered, {emulator.GetStoredConnections().Count} stored, {n} wanted");
            var refreshClock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(resources, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (r, _) =>
                await session.RefreshAsync(r.Name, r.Created.Id, r.Created.Outputs, r.Inputs));
            var refreshMs = refreshClock.Elapsed.TotalMilliseconds;
            var rss = launched.PeakRssBytes();
            var ideal = n * latency.TotalMilliseconds / concurrency;
            applyRows.Add([build.Label, n.ToString(CultureInfo.InvariantCulture), Report.Ms(applyMs), createRequests.ToString("F2", CultureInfo.InvariantCulture), Report.Ratio(applyMs / ideal), Report.Ms(refreshMs), Report.Ratio(refreshMs / ideal), Report.Mb(rss)]);
            report.Target($"single BaseConnection Creates, {build.Label}, {n} at {concurrency}: requests each", createRequests.ToString("F2", CultureInfo.InvariantCulture), "≤ 2", createRequests <= 2);
            report.Target($"single BaseConnection Creates, {build.Label}, {n} at {concurrency} vs ideal N·L/C", Report.Ratio(applyMs / ideal), "≤ 2.3×", applyMs / ideal <= 2.3);
            report.Target($"plugin peak RSS, {build.Label}, after {n} Creates + {n} Reads", Report.Mb(rss), "≤ 80 MB", n >= 1000 ? rss <= 80L * 1024 * 1024 : null);
            Console.Error.WriteLine($"{build.Label}: overhead {overhead:F2} ms, apply {n} {applyMs:F0} ms, RSS {rss / 1048576.0:F1} MB");
        }

        report.Heading($"(d) Per-Create overhead of the spawned plugin — sequential, no injected latency, median of {options.OverheadOps}");
        report.Line("The plugin's Create is POST + GET (it reads the connection back for its outputs), so the raw POST+GET column is the like-for-like HTTP cost.");
        report.Line("");
        report.Table(["plugin", "raw POST", "raw POST+GET", "plugin Create (gRPC)", "overhead vs POST", "overhead vs POST+GET"], overheadRows);
        report.Heading($"(b, c, e) The plugin as the engine drives it — {n} Creates then {n} Reads at parallelism {concurrency}, latency {latency.TotalMilliseconds} ms");
        report.Line($"Ideal = N · latency / concurrency = {Report.Ms(n * latency.TotalMilliseconds / concurrency)}. Create = name lookup (concurrent " +
                    "lookups share list requests in the client) + POST + read-back GET, one after the other, so 3× ideal is the floor of its wall time.");
        report.Line("");
        report.Table(["plugin", "N", "Create ×N", "requests per Create", "÷ ideal", "Read ×N", "÷ ideal", "peak RSS (VmHWM)"], applyRows);
    }

    private sealed record CreateResponseView(string Id, Struct Outputs);
}
