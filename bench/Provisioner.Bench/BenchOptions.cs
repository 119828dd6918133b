using System.Globalization;

namespace Provisioner.Bench;

/// <summary>A plugin build to measure: a label for the report and the executable the engine would launch.</summary>
internal sealed record PluginBuild(string Label, string Path);

/// <summary>Command line of the harness (bench/run.sh builds it). <c>--quick</c> is the CI smoke: tiny N, few
/// repetitions, the same code paths.</summary>
internal sealed class BenchOptions
{
    public bool Quick { get; private set; }
    public List<PluginBuild> Plugins { get; } = [];
    /// <summary>Pulumi's Node dynamic-provider host (…/@pulumi/pulumi/cmd/dynamic-provider/index.js): the anchor.</summary>
    public string? NodeHost { get; private set; }
    public string? OutputFile { get; private set; }
    public int ColdStartRuns { get; private set; } = 20;
    public IReadOnlyList<int> Sizes { get; private set; } = [100, 1000];
    public TimeSpan Latency { get; private set; } = TimeSpan.FromMilliseconds(20);
    public int Concurrency { get; private set; } = 16;
    public int OverheadOps { get; private set; } = 300;
    /// <summary>The emulator's per-org token bucket for the rate-limit run: R requests a second, burst B.</summary>
    public double RateLimit { get; private set; } = 50;
    public int RateBurst { get; private set; } = 10;
    /// <summary>Only the reconciler and rate-limit runs (no plugin is launched): for trying a change quickly.</summary>
    public bool ReconcilerOnly { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--quick":
                    options.Quick = true;
                    options.ColdStartRuns = 3;
                    options.Sizes = [10];
                    options.Latency = TimeSpan.FromMilliseconds(5);
                    options.Concurrency = 4;
                    options.OverheadOps = 10;
                    options.RateLimit = 20;
                    options.RateBurst = 5;
                    break;
                case "--plugin":
                    var spec = Value();
                    var eq = spec.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0) throw new ArgumentException($"--plugin wants LABEL=PATH, got '{spec}'");
                    options.Plugins.Add(new PluginBuild(spec[..eq], System.IO.Path.GetFullPath(spec[(eq + 1)..])));
                    break;
                case "--node-host": options.NodeHost = System.IO.Path.GetFullPath(Value()); break;
                case "--out": options.OutputFile = Value(); break;
                case "--cold-runs": options.ColdStartRuns = Number(); break;
                case "--sizes": options.Sizes = Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--latency-ms": options.Latency = TimeSpan.FromMilliseconds(Number()); break;
                case "--concurrency": options.Concurrency = Number(); break;
                case "--overhead-ops": options.OverheadOps = Number(); break;
                case "--rate-limit": options.RateLimit = Number(); break;
                case "--rate-burst": options.RateBurst = Number(); break;
                case "--reconciler-only": options.ReconcilerOnly = true; break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        foreach (var plugin in options.Plugins.Where(p => !File.Exists(p.Path)))
            throw new ArgumentException($"plugin '{plugin.Label}': no executable at {plugin.Path}");
        if (options.NodeHost is { } node && !File.Exists(node))
            throw new ArgumentException($"--node-host: no file at {node}");
        if (options.Plugins.Count == 0 && !options.ReconcilerOnly) throw new ArgumentException("at least one --plugin LABEL=PATH is needed");
        return options;
    }
}
