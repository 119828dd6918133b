using System.Diagnostics;
using Provisioner.Core.Reconciliation;
using Provisioner.Emulator;
using Provisioner.FlowService;
using Provisioner.FlowService.Batching;

namespace Provisioner.Bench;

/// <summary>(b) apply and (c) refresh of N connections through the shared reconciler (what the CLI and the
/// BaseConnectionSet run), against the in-memory emulator with a fixed latency on every request; and the baseline:
/// a plain sequential HttpClient loop doing the same N POSTs.</summary>
internal static class ReconcilerBench
{
    public static async Task RunAsync(EmulatorHost emulator, FlowServiceClientHandle client, BenchOptions options, Report report)
    {
        var latency = options.Latency;
        var concurrency = options.Concurrency;
        var rows = new List<IReadOnlyList<string>>();
        var growth = new List<IReadOnlyList<string>>();

        // Warm-up: JIT and the IMS token, outside any measurement.
        await ApplyOnceAsync(emulator, client, 5, concurrency, TimeSpan.Zero, "warmup");

        var refreshRows = new List<IReadOnlyList<string>>();
        foreach (var n in options.Sizes)
        {
            var run = await ApplyOnceAsync(emulator, client, n, concurrency, latency, $"apply{n}");
            var sequential = await SequentialPostsAsync(emulator, n, latency);
            var ideal = n * latency.TotalMilliseconds / concurrency;
            var total = run.PlanMs + run.ApplyMs;
            var perConnection = run.Requests / (double)n;
            rows.Add([
                n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Report.Ms(run.PlanMs), Report.Ms(run.ApplyMs), Report.Ms(total), Report.Ms(ideal),
                Report.Ratio(total / ideal), Report.Ratio(run.ApplyMs / ideal),
                $"{perConnection:F3}", Report.Ratio(total / (run.Requests * latency.TotalMilliseconds / concurrency)),
                Report.Ms(sequential), Report.Ratio(sequential / total),
            ]);
            refreshRows.Add([
                n.ToString(System.Globalization.CultureInfo.InvariantCulture), Report.Ms(run.RefreshMs),
                run.RefreshRequests.ToString(System.Globalization.CultureInfo.InvariantCulture), Report.Ratio(run.RefreshMs / ideal),
                Report.Ms(run.SingleGetsMs), Report.Ratio(run.SingleGetsMs / run.RefreshMs),
            ]);
            growth.Add([n.ToString(System.Globalization.CultureInfo.InvariantCulture), Report.Ms(total / n), Report.Ms(run.RefreshMs / n), Report.Ms(sequential / n)]);
            if (n == options.Sizes.Max())
            {
                report.Target($"requests per new connection, N = {n} (reconciler: plan + apply)", $"{perConnection:F3}", "≤ 1.05", perConnection <= 1.05);
                report.Target($"apply of {n} at concurrency {concurrency} (plan + apply) vs ideal N·L/C", Report.Ratio(total / ideal), "≤ 1.2×", total / ideal <= 1.2);
                report.Target($"apply of {n} vs sequential POST loop", Report.Ratio(sequential / total) + " faster", "≥ 12× faster", sequential / total >= 12);
                report.Target($"refresh of {n}: requests", run.RefreshRequests.ToString(System.Globalization.CultureInfo.InvariantCulture), "≤ 60", run.RefreshRequests <= 60);
                report.Target($"refresh of {n} vs {n} single GETs at concurrency {concurrency}", Report.Ratio(run.SingleGetsMs / run.RefreshMs) + " faster", "≥ 10× faster", run.SingleGetsMs / run.RefreshMs >= 10);
            }
        }

        report.Heading($"(b) Apply through the reconciler — latency {latency.TotalMilliseconds} ms on every request, MaxParallelism {concurrency}");
        report.Line("Ideal = N · latency / concurrency (one request per connection, no overhead). Requests: the plan looks the " +
                    "new names up 20 per list request; apply POSTs each without a second lookup (the plan's lookup is the " +
                    "duplicate guard while it is younger than ReconcilerOptions.PlanLookupValidity). 'vs requests ideal' divides " +
                    "by (requests · latency / concurrency).");
        report.Line("");
        report.Table(["N", "plan", "apply", "plan+apply", "ideal", "÷ ideal", "apply ÷ ideal", "requests/conn", "÷ requests ideal", "sequential POST loop", "loop ÷ plan+apply"], rows);
        report.Heading($"(c) Refresh through the reconciler — same latency and concurrency");
        report.Line($"Refresh lists the recorded ids {ConnectionReads.MaxIdsPerRequest} per request (property=id==a,b,…); the baseline is what " +
                    "refresh did before: one GET /connections/{id} per connection, at the same concurrency.");
        report.Line("");
        report.Table(["N", "refresh", "requests", "÷ ideal N·L/C", "N single GETs", "single GETs ÷ refresh"], refreshRows);
        report.Heading("Cost per connection as N grows (same run)");
        report.Table(["N", "plan+apply per connection", "refresh per connection", "sequential POST per connection"], growth);

        await RateLimitBench.RunAsync(emulator, options, report);
    }

    private sealed record Run(double PlanMs, double ApplyMs, double RefreshMs, int Requests, int RefreshRequests, double SingleGetsMs);

    private static async Task<Run> ApplyOnceAsync(EmulatorHost emulator, FlowServiceClientHandle client, int n, int concurrency, TimeSpan latency, string prefix)
    {
        await emulator.ResetAsync();
        if (latency > TimeSpan.Zero) emulator.Faults.AddLatency(latency);
        var reconciler = new ConnectionReconciler(client, new ReconcilerOptions
        {
            MaxParallelism = concurrency,
            SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]),
        });
        var desired = Fixtures.Desired(n, prefix);

        var clock = Stopwatch.StartNew();
        var plan = await reconciler.PlanAsync(desired, RecordedState.Empty);
        var planMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var applied = await reconciler.ApplyAsync(plan);
        var applyMs = clock.Elapsed.TotalMilliseconds;
        if (!applied.Succeeded || applied.State.Connections.Count != n)
            throw new InvalidOperationException($"apply of {n}: {applied.State.Connections.Count} recorded, errors: {string.Join("; ", applied.Errors.Take(3))}");
        var requests = emulator.Journal.Entries.Count(e => e.Path.StartsWith("/data/", StringComparison.Ordinal));

        emulator.Journal.Clear();
        clock.Restart();
        var refreshed = await reconciler.RefreshAsync(applied.State);
        var refreshMs = clock.Elapsed.TotalMilliseconds;
        if (refreshed.Gone.Count > 0 || refreshed.State.Connections.Count != n)
            throw new InvalidOperationException($"refresh of {n}: {refreshed.Gone.Count} gone, {refreshed.State.Connections.Count} read");
        var refreshRequests = emulator.Journal.Entries.Count(e => e.Path.StartsWith("/data/", StringComparison.Ordinal));

        // The baseline: what refresh cost before — one GET per recorded connection.
        clock.Restart();
        await Parallel.ForEachAsync(applied.State.Connections.Values, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (record, ct) =>
        {
            if (await client.GetConnectionAsync(record.Id, ct) is null) throw new InvalidOperationException($"connection {record.Id} vanished");
        });
        var singleGetsMs = clock.Elapsed.TotalMilliseconds;
        return new Run(planMs, applyMs, refreshMs, requests, refreshRequests, singleGetsMs);
    }

    private static async Task<double> SequentialPostsAsync(EmulatorHost emulator, int n, TimeSpan latency)
    {
        await emulator.ResetAsync();
        using var raw = new RawFlowServiceCalls(emulator);
        await raw.CreateAsync("seq-warmup");
        if (latency > TimeSpan.Zero) emulator.Faults.AddLatency(latency);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) await raw.CreateAsync($"seq-{i:D5}");
        return clock.Elapsed.TotalMilliseconds;
    }
}
