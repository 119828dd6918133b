using BenchmarkDotNet.Running;

// bench/run.sh runs every benchmark here (`--filter '*'`); any BenchmarkDotNet switch works as usual.
// Exit code 1 when a benchmark failed or none ran, so the CI smoke notices a broken benchmark (never a slow one).
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Provisioner.Benchmarks.PropertyCodecBenchmarks).Assembly).Run(args).ToArray();
var broken = summaries.Length == 0
    || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
return broken ? 1 : 0;
