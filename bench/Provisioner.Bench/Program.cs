using System.Globalization;
using Provisioner.Bench;
using Provisioner.Emulator;

// bench/run.sh runs this. Exit code: 0 when every benchmark ran (whatever the timings), 1 when the harness or the
// product broke (a plugin did not start, a Create failed, counts did not add up), 2 for a bad command line.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var report = new Report { JudgeTargets = !options.Quick };
try
{
    report.Line($"# Benchmark run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC{(options.Quick ? " (--quick smoke: tiny N, figures meaningless)" : "")}");
    report.Line("");
    report.Line(MachineInfo.Describe());

    var launches = options.Plugins.Select(LaunchCommand.Plugin).ToList();
    if (options.NodeHost is { } node) launches.Add(LaunchCommand.NodeDynamicProvider(node));
    if (!options.ReconcilerOnly) await ColdStartBench.RunAsync(launches, options.ColdStartRuns, report);

    // In-memory emulator (no data file, so no fsync per write): what is measured is the client side.
    await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions());
    using (var client = Fixtures.Client(emulator))
    {
        await ReconcilerBench.RunAsync(emulator, client, options, report);
    }
    if (!options.ReconcilerOnly) await PluginBench.RunAsync(emulator, options.Plugins, options, report);

    report.Line("");
    report.Line($"Load average at the end: {MachineInfo.LoadAverage()}");
}
catch (Exception e)
{
    Console.Out.Write(report.Render());
    Console.Error.WriteLine($"benchmark harness failed: {e}");
    return 1;
}

var text = report.Render();
Console.Out.Write(text);
if (options.OutputFile is { } output)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(output, text);
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report written to {output}"));
}
return 0;
