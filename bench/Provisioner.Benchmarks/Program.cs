using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

// bench/run.sh runs every benchmark here (`--filter '*'`); any BenchmarkDotNet switch works as usual.
// Exit code 1 when a benchmark failed or none ran, so the CI smoke notices a broken benchmark (never a slow one).
// Every benchmark reports allocations: one config says so instead of an attribute on each class.
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Provisioner.Benchmarks.PropertyCodecBenchmarks).Assembly).Run(args, config).ToArray();
var broken = summaries.Length == 0
    || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
return broken ? 1 : 0;
