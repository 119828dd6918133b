using static Provisioner.Core.Tests.Reconciliation.ReplacementScenario;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>A file of base connections alone plans exactly as before pipelines existed (no pipeline plan, no waves),
/// and a file with a pipeline gets one from the offline planner too — the preview of every host.</summary>
public sealed class PipelineShortcutTests
{
    private static string BaseConnectionsOnly() => Example()[..Example().IndexOf("\nsourceConnections:", StringComparison.Ordinal)];

    [Fact]
    public async Task The_offline_plan_of_a_pipeline_decides_every_object_in_waves_without_a_call()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var desired = await harness.LoadAsync(Example());
        harness.Host.Journal.Clear();

        var plan = Planner.PlanOffline(desired, RecordedState.Empty, new ReconcilerOptions());

        Assert.Empty(harness.Host.Journal.Entries);
        Assert.Equal([Source, Target, Flow], plan.Pipeline.Changes.Select(c => c.Ref));
        Assert.All(plan.Pipeline.Changes, c => Assert.IsType<PipelineChange.Create>(c));
        Assert.Equal([0, 1, 2], plan.Pipeline.Waves.Select(w => w.Level));
    }

    [Fact]
    public async Task A_file_of_base_connections_alone_has_no_pipeline_plan_online_or_offline()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var desired = await harness.LoadAsync(BaseConnectionsOnly());

        var online = await harness.Reconciler().PlanAsync(desired, RecordedState.Empty);
        var offline = Planner.PlanOffline(desired, RecordedState.Empty, new ReconcilerOptions());

        Assert.All([online, offline], plan =>
        {
            Assert.Single(plan.Changes);
            Assert.True(plan.Pipeline.IsEmpty);
            Assert.Empty(plan.Pipeline.Waves);
        });
    }
}
