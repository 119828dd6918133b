using System.Diagnostics;
using System.Globalization;
using Provisioner.Core.Reconciliation;
using Provisioner.Emulator;

namespace Provisioner.Bench;

/// <summary>Apply of N under the emulator's per-org token bucket (R req/s, burst B), with the client adapting its
/// send rate to the 429s and without: wall time against the floor (accepted requests / R), share of 429s, errors
/// and duplicates.</summary>
internal static class RateLimitBench
{
    public static async Task RunAsync(EmulatorHost emulator, BenchOptions options, Report report)
    {
        var n = options.Sizes.Max();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var adapt in new[] { true, false })
        {
            var run = await ApplyAsync(emulator, options, n, adapt);
            var label = adapt ? "adapting (AdaptToRateLimits)" : "not adapting (retry after Retry-After only)";
            var floor = run.Accepted / options.RateLimit * 1000;
            var share = run.Throttled / (double)(run.Accepted + run.Throttled);
            rows.Add([label, Report.Ms(run.Ms), run.Accepted.ToString(CultureInfo.InvariantCulture), Report.Ms(floor), Report.Ratio(run.Ms / floor),
                run.Throttled.ToString(CultureInfo.InvariantCulture), share.ToString("P1", CultureInfo.InvariantCulture),
                run.Errors.ToString(CultureInfo.InvariantCulture), run.Duplicates.ToString(CultureInfo.InvariantCulture)]);
            if (adapt)
            {
                var met = run.Ms / floor <= 1.15 && share <= 0.03 && run.Errors == 0 && run.Duplicates == 0;
                report.Target($"apply of {n} under {options.RateLimit} req/s (burst {options.RateBurst}), adapting: time ÷ (requests / R); 429 share; errors; duplicates",
                    $"{Report.Ratio(run.Ms / floor)}; {share.ToString("P1", CultureInfo.InvariantCulture)}; {run.Errors}; {run.Duplicates}", "≤ 1.15×; ≤ 3 %; 0; 0", met);
            }
            Console.Error.WriteLine($"rate limit, {label}: {run.Ms:F0} ms, {run.Throttled} × 429, {run.Errors} errors");
        }

        report.Heading($"(g) Apply of {n} under a rate limit — {options.RateLimit} req/s per org, burst {options.RateBurst}, latency {options.Latency.TotalMilliseconds} ms, MaxParallelism {options.Concurrency}");
        report.Line("Floor = accepted requests / R (the bucket lets nothing faster through). A 429 carries Retry-After in whole " +
                    "seconds (at least 1 s), so every 429 costs its request a second.");
        report.Line("");
        report.Table(["client", "plan+apply", "accepted requests", "floor", "÷ floor", "429s", "429 share", "errors", "duplicates"], rows);
    }

    private sealed record Run(double Ms, int Accepted, int Throttled, int Errors, int Duplicates);

    private static async Task<Run> ApplyAsync(EmulatorHost emulator, BenchOptions options, int n, bool adapt)
    {
        await emulator.ResetAsync();
        // A fresh client each time: what one learnt must not help the other.
        using var client = Fixtures.Client(emulator, adapt);
        _ = await client.GetConnectionSpecAsync(Fixtures.MixpanelSpecId); // the IMS token, outside the measurement
        emulator.Journal.Clear();
        if (options.Latency > TimeSpan.Zero) emulator.Faults.AddLatency(options.Latency);
        emulator.Faults.LimitRate(options.RateLimit, options.RateBurst);
        var reconciler = new ConnectionReconciler(client, new ReconcilerOptions
        {
            MaxParallelism = options.Concurrency,
            SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]),
        });

        var clock = Stopwatch.StartNew();
        var plan = await reconciler.PlanAsync(Fixtures.Desired(n, adapt ? "limited" : "unadapted"), RecordedState.Empty);
        var applied = await reconciler.ApplyAsync(plan);
        var ms = clock.Elapsed.TotalMilliseconds;

        var flow = emulator.Journal.Entries.Where(e => e.Path.StartsWith("/data/", StringComparison.Ordinal)).ToArray();
        var throttled = flow.Count(e => e.Status == 429);
        var stored = emulator.GetStoredConnections();
        var duplicates = stored.Count - stored.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count();
        return new Run(ms, flow.Length - throttled, throttled, applied.Errors.Count, duplicates);
    }
}
