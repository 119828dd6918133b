using Provisioner.Core.Tests.Reconciliation;
using static Provisioner.Core.Tests.Reconciliation.ReplacementScenario;

namespace Provisioner.Core.Tests.Pipeline;

/// <summary>The live status of recorded objects (what `aep-provision status` and a Dataflow's outputs report), read
/// over real HTTP from the emulator — which gives a flow one successful run when it is enabled, none while disabled.</summary>
public sealed class ObjectStatusReaderTests
{
    [Fact]
    public async Task Every_recorded_object_is_read_in_dependency_order_with_the_dataflow_s_state_and_newest_run()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var flowId = state.Pipeline[Flow].Id;
        var failedRun = await harness.Host.AddRunAsync(flowId, succeeded: false);
        harness.Host.Journal.Clear();

        var statuses = await ObjectStatusReader.ReadAsync(harness.Client, harness.Client, state, maxParallelism: 0);

        Assert.Empty(harness.Host.Journal.Writes);
        Assert.Equal([Base, Source, Target, Flow], statuses.Select(s => s.Ref));
        Assert.All(statuses, s => Assert.True(s.Exists));
        Assert.Equal((state.Connections[Base.Key].Id, state.Connections[Base.Key].Etag), (statuses[0].Id, statuses[0].Etag));
        Assert.Equal(state.Pipeline.Values.Select(r => (r.Id, r.Etag)), statuses.Skip(1).Select(s => (s.Id, s.Etag)));
        Assert.All(statuses.Take(3), s => Assert.Equal((null, null, false), (s.State, s.LastRun, s.NeverRan)));
        var flow = statuses[3];
        Assert.Equal(DataflowStates.Enabled, flow.State);
        Assert.False(flow.NeverRan);
        var run = flow.LastRun!;
        Assert.Equal((failedRun, "failed"), (run.Id, run.Status)); // the newest of its two runs
        Assert.Equal((0L, 0L, 0L), (run.RecordsRead, run.RecordsWritten, run.RecordsFailed));
        Assert.NotNull(run.StartedAt);
        Assert.Equal(run.StartedAt, run.CompletedAt);
        Assert.InRange(run.StartedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task A_disabled_dataflow_shows_its_state_and_objects_deleted_outside_the_tool_read_as_gone()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example().Replace("    enabled: true", "    enabled: false", StringComparison.Ordinal), RecordedState.Empty)).State;

        var disabled = await ObjectStatusReader.ReadAsync(harness.Client, state.Pipeline[Flow]);

        // Flows start enabled: the create's instant gave it one run before the switch.
        Assert.Equal((DataflowStates.Disabled, "success", false), (disabled.State, disabled.LastRun?.Status, disabled.NeverRan));
        await harness.Client.DeleteObjectAsync(PipelineRoute.Flows, state.Pipeline[Flow].Id);
        await harness.Client.DeleteObjectAsync(PipelineRoute.SourceConnections, state.Pipeline[Source].Id);
        await harness.Client.DeleteConnectionAsync(state.Connections[Base.Key].Id);

        var statuses = await ObjectStatusReader.ReadAsync(harness.Client, harness.Client, state, maxParallelism: 4);

        Assert.Equal([false, false, true, false], statuses.Select(s => s.Exists));
        var gone = statuses[3];
        Assert.Equal((Flow, state.Pipeline[Flow].Id, null, null, false), (gone.Ref, gone.Id, gone.State, gone.LastRun, gone.NeverRan));
    }

    [Fact]
    public void A_run_the_service_reports_nothing_about_yet_has_no_times_and_no_counts()
    {
        var summary = RunSummary.From(new FlowRun { Id = "run-1" });

        Assert.Equal(new RunSummary("run-1", null, null, null, null, null, null), summary);
        var timed = RunSummary.From(new FlowRun
        {
            Id = "run-2",
            Metrics = new FlowRunMetrics
            {
                DurationSummary = new RunDurationSummary { StartedAtUtc = 1_700_000_000_000 },
                RecordSummary = new RunRecordSummary { InputRecordCount = 7, OutputRecordCount = 5, FailedRecordCount = 2 },
                StatusSummary = new RunStatusSummary { Status = "running" },
            },
        });
        Assert.Equal(new RunSummary("run-2", "running", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), null, 7, 5, 2), timed);
    }

    [Fact]
    public void Only_a_dataflow_that_exists_without_a_run_never_ran()
    {
        var flow = new ObjectStatus(Flow, "flow-1", "\"1\"", Exists: true);
        var run = new RunSummary("run-1", "success", null, null, null, null, null);

        Assert.True(flow.NeverRan);
        Assert.False((flow with { LastRun = run }).NeverRan);
        Assert.False((flow with { Exists = false }).NeverRan);
        Assert.False(new ObjectStatus(Source, "source-1", "\"1\"", Exists: true).NeverRan);
    }

    [Fact]
    public async Task A_cancelled_read_reads_nothing()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        harness.Host.Journal.Clear();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ObjectStatusReader.ReadAsync(harness.Client, harness.Client, state, maxParallelism: 2, new CancellationToken(canceled: true)));

        Assert.DoesNotContain(harness.Host.Journal.Entries, e => e.Path.StartsWith(EmulatorPaths.FlowService, StringComparison.Ordinal));
    }
}
