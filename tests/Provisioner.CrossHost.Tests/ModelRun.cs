using System.Text;
using Provisioner.CrossHost.Tests.Hosts;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;
using Provisioner.Testing;

namespace Provisioner.CrossHost.Tests;

/// <summary>
/// Runs generated steps through the three hosts, each against its own emulator, and checks after every step: the
/// preview's per-key plan equals the writes the service then received; the service holds exactly the desired
/// connections, once each, all known to the recorded state; a second preview shows nothing left to do; and the
/// three hosts planned the same and ended with the same connections.
/// <para>Seeds: a fixed one and <see cref="RandomSeeds"/> random ones per run; <c>AEP_MODEL_SEED=N</c> replays one.</para>
/// </summary>
internal sealed class ModelRun(ITestOutputHelper output)
{
    public const string SeedVariable = "AEP_MODEL_SEED";
    public const int FixedSeed = 20261203;
    private const int StepsPerSeed = 5;

    /// <summary>The seeds of this run: the replayed one, or the fixed one (the first from <see cref="FixedSeed"/> on
    /// that exercises every family asked for) plus fresh random ones.</summary>
    public static IReadOnlyList<int> Seeds(EditFamilies families, int randomSeeds)
    {
        if (Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } replay)
        {
            return [int.Parse(replay, CultureInfo.InvariantCulture)];
        }
        return [StepGenerator.FirstSeedCovering(families, FixedSeed, StepsPerSeed), .. Enumerable.Range(0, randomSeeds).Select(_ => Random.Shared.Next())];
    }

    /// <param name="randomSeeds">How many random seeds run after the fixed one (CI time: about 10 s each on 2 cores).</param>
    /// <param name="offlinePreview">Also require the plugin hosts' Check, Diff and preview calls to reach no service at all.</param>
    public async Task RunAsync(EditFamilies families, int randomSeeds, bool offlinePreview = false)
    {
        foreach (var seed in Seeds(families, randomSeeds))
        {
            var steps = new StepGenerator(seed, families).Generate(StepsPerSeed);
            output.WriteLine($"seed {seed} ({families}):\n  " + string.Join("\n  ", steps));
            try
            {
                await RunSeedAsync(steps, offlinePreview);
            }
            catch (Exception error) when (error is StepFailedException or HostFailedException)
            {
                var report = new StringBuilder()
                    .AppendLine(CultureInfo.InvariantCulture, $"model run failed: seed {seed}, edits {families} (replay: {SeedVariable}={seed} dotnet test tests/Provisioner.CrossHost.Tests)")
                    .AppendLine(error.Message)
                    .AppendLine("steps:")
                    .AppendJoin('\n', steps.Select(s => "  " + s));
                output.WriteLine(report.ToString());
                Assert.Fail(report.ToString());
            }
        }
    }

    private static async Task RunSeedAsync(IReadOnlyList<Step> steps, bool offlinePreview)
    {
        var hosts = await Task.WhenAll(Start(CliHost.StartAsync), Start(SetHost.StartAsync), Start(PerKeyHost.StartAsync));
        try
        {
            foreach (var step in steps)
            {
                // A second preview after the apply must be empty. For the CLI that costs a process per step, so it is
                // asked after the last step only: a diff it left behind earlier shows as a plan the other hosts
                // (checked every step) do not share.
                var outcomes = await Task.WhenAll(hosts.Select(h =>
                    RunStepAsync(h, step, offlinePreview && h is not CliHost, settledCheck: h is not CliHost || step == steps[^1])));
                var problems = outcomes.SelectMany(o => o.Problems.Select(p => $"[{o.Host}] {p}")).ToList();
                problems.AddRange(Disagreements(outcomes));
                if (problems.Count > 0)
                {
                    throw new StepFailedException($"step {step.Number} ({step.Edit}):\n  " + string.Join("\n  ", problems));
                }
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }

        static async Task<IHostUnderTest> Start<T>(Func<Task<T>> start) where T : IHostUnderTest => await start();
    }

    private static async Task<StepOutcome> RunStepAsync(IHostUnderTest host, Step step, bool offlinePreview, bool settledCheck)
    {
        var problems = new List<string>();
        var journal = host.Service.Journal;
        try
        {
            if (step.OutOfBand is { } change)
            {
                await ChangeOutOfBandAsync(host, change);
            }
            if (step.Refresh)
            {
                journal.Clear();
                await host.RefreshAsync();
                problems.AddRange(ServiceAudit.AnyWrites(journal).Select(w => $"refresh wrote: {w}"));
            }

            journal.Clear();
            var plan = await host.PreviewAsync(step.Desired);
            problems.AddRange(offlinePreview
                ? journal.Entries.Select(e => $"preview reached the service: {e.Method} {e.Path}{e.Query}")
                : ServiceAudit.AnyWrites(journal).Select(w => $"preview wrote: {w}"));

            var recordedBefore = host.RecordedIds();
            if (step.Fault is { } fault)
            {
                host.Service.Faults.FailNext(1, fault.Status, fault.Method, fault.Path, fault.Status == 429 ? TimeSpan.FromSeconds(1) : null);
            }
            journal.Clear();
            await host.ApplyAsync(step.Desired);
            await journal.WhenIdleAsync();
            host.Service.Faults.Clear();

            var expected = ServiceAudit.ExpectedWrites(plan, recordedBefore);
            var writes = ServiceAudit.Writes(journal);
            if (!expected.SequenceEqual(writes))
            {
                problems.Add($"the preview planned {Show(plan)} = writes [{string.Join(", ", expected)}], the apply wrote [{string.Join(", ", writes)}]");
            }
            var stored = host.Service.GetStoredConnections();
            problems.AddRange(ServiceAudit.Compare(step.Desired, stored, host.RecordedIds()));
            problems.AddRange(PipelineAudit.Compare(step.Desired, host.Service, host.RecordedPipelineIds()));

            if (settledCheck && await host.PreviewAsync(step.Desired) is { Count: > 0 } again)
            {
                problems.Add($"right after the apply, the preview still plans {Show(again)}");
            }
            var everything = stored.Select(ServiceAudit.Describe).Concat(PipelineAudit.DescribeAll(host.Service));
            return new StepOutcome(host.Name, plan, everything.Order(StringComparer.Ordinal).ToArray(), problems);
        }
        catch (HostFailedException error)
        {
            problems.Add(error.Message);
            return new StepOutcome(host.Name, null, [], problems);
        }
    }

    /// <summary>The hosts must plan the same per key and end with the same connections (versions included).</summary>
    private static IEnumerable<string> Disagreements(IReadOnlyList<StepOutcome> outcomes)
    {
        var reference = outcomes[0];
        foreach (var other in outcomes.Skip(1).Where(o => o.Plan is not null && reference.Plan is not null))
        {
            if (Show(other.Plan!) != Show(reference.Plan!))
            {
                yield return $"plans differ: {reference.Host} {Show(reference.Plan!)}, {other.Host} {Show(other.Plan!)}";
            }
            if (!other.Stored.SequenceEqual(reference.Stored))
            {
                yield return $"services differ:\n    {reference.Host}: {string.Join("\n      ", reference.Stored)}\n    {other.Host}: {string.Join("\n      ", other.Stored)}";
            }
        }
    }

    /// <summary>An edit or delete behind the host's back, through the service's own API.</summary>
    private static async Task ChangeOutOfBandAsync(IHostUnderTest host, OutOfBandChange change)
    {
        await using var client = FlowServiceClientFactory.Create(EmulatorClientOptions.For(host.Service));
        if (change.Key == OutOfBandChange.PipelineFlow)
        {
            await client.DeleteObjectAsync(PipelineRoute.Flows, host.RecordedPipelineIds()[change.Key]);
            return;
        }
        var id = host.RecordedIds()[change.Key];
        if (change.Delete)
        {
            await client.DeleteConnectionAsync(id);
            return;
        }
        var live = await client.GetConnectionAsync(id) ?? throw new StepFailedException($"[{host.Name}] {change.Key} ({id}) is not on the service");
        var path = change.Param is null ? "/description" : $"/auth/params/{change.Param}";
        await client.UpdateConnectionAsync(id, live.Etag, [change.Text is null ? JsonPatchOperation.Remove(path) : JsonPatchOperation.Add(path, change.Text)]);
    }

    private static string Show(IReadOnlyDictionary<string, KeyAction> plan) =>
        plan.Count == 0 ? "{no changes}" : "{" + string.Join(", ", plan.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")) + "}";

    private sealed record StepOutcome(string Host, IReadOnlyDictionary<string, KeyAction>? Plan, IReadOnlyList<string> Stored, IReadOnlyList<string> Problems);
}

/// <summary>A step broke one of the model's rules.</summary>
public sealed class StepFailedException(string message) : Exception(message);
