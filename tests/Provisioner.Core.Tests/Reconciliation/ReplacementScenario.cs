using Provisioner.Testing;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The example pipeline (infra/examples/pipeline.yaml) applied against the emulator, then made to need a
/// replacement of everything behind its base connection: the scenario of every test of replacement halves.</summary>
internal static class ReplacementScenario
{
    public static readonly ObjectRef Base = ObjectRef.BaseConnection("mixpanel");
    public static readonly ObjectRef Source = new(PipelineKind.SourceConnection, "mixpanel-events");
    public static readonly ObjectRef Target = new(PipelineKind.TargetConnection, "events-dataset");
    public static readonly ObjectRef Flow = new(PipelineKind.Dataflow, "mixpanel-to-dataset");

    public static string Example() => File.ReadAllText(RepoRoot.Combine("infra", "examples", "pipeline.yaml"));

    /// <summary>The example applied, then its recorded base connection told apart from the definition where no PATCH
    /// reaches (its spec version): the next plan replaces it, and with it the source connection and the dataflow.</summary>
    public static async Task<RecordedState> AppliedWithBaseConnectionToReplace(EmulatorHarness harness)
    {
        var first = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var old = first.Connections[Base.Key];
        return first with
        {
            Connections = first.Connections.SetItem(Base.Key, old with { Inputs = old.Inputs with { ConnectionSpec = old.Inputs.ConnectionSpec with { Version = "0.9" } } }),
        };
    }

    /// <summary>Plans the example against <paramref name="recorded"/> and applies it, stopping (as a first SIGTERM does)
    /// when <paramref name="key"/> starts: what is in flight finishes, nothing else starts.</summary>
    public static async Task<ApplyResult> ApplyStoppingAt(EmulatorHarness harness, RecordedState recorded, string key, List<ReconcileProgress>? log = null)
    {
        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), recorded);
        using var stop = new CancellationTokenSource();
        var progress = new ProgressLog(log ?? [], p =>
        {
            if (p.Key == key && p.Stage == ProgressStage.Started)
            {
                stop.Cancel();
            }
        });
        return await reconciler.ApplyAsync(plan, progress, stop.Token, CancellationToken.None);
    }

    /// <summary>Every object of every kind the emulator holds.</summary>
    public static string[] StoredIds(EmulatorHarness harness) =>
        [.. harness.Host.GetStoredResources("flows").Select(f => f.Id), .. harness.Host.GetStoredResources("sourceConnections").Select(s => s.Id),
            .. harness.Host.GetStoredResources("targetConnections").Select(t => t.Id), .. harness.Host.GetStoredConnections().Select(c => c.Id)];

    /// <summary>Every id a state records, old halves included.</summary>
    public static HashSet<string> RecordedIds(RecordedState state) =>
        [.. state.Pipeline.Values.Select(r => r.Id), .. state.Connections.Values.Select(c => c.Id), .. state.Superseded.Select(o => o.Id)];
}
