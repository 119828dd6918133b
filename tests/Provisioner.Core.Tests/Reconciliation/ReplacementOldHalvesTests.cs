using static Provisioner.Core.Tests.Reconciliation.ReplacementScenario;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The old halves of replacements over real HTTP against the emulator: recorded from the moment their new
/// halves are (<see cref="RecordedState.Superseded"/>), deleted by the next run when a stop or a failure kept this
/// one from it, and a replacement's create that committed unrecorded is taken, not posted again.</summary>
public sealed class ReplacementOldHalvesTests
{
    /// <summary>A finished run: no old half left, one object of each kind on the service, each recorded.</summary>
    private static void AssertOneOfEachAllRecorded(EmulatorHarness harness, ApplyResult next)
    {
        Assert.True(next.Succeeded, string.Join("\n", next.Errors));
        Assert.Empty(next.State.Superseded);
        Assert.Single(harness.Host.GetStoredResources("flows"));
        Assert.Single(harness.Host.GetStoredResources("sourceConnections"));
        Assert.Single(harness.Host.GetStoredConnections());
        Assert.Equal(StoredIds(harness).Order(), RecordedIds(next.State).Order());
    }

    [Fact]
    public async Task A_stop_after_the_writes_of_a_replacement_records_the_old_halves_and_the_next_run_deletes_them()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var recorded = await AppliedWithBaseConnectionToReplace(harness);
        var oldIds = new[] { recorded.Connections["mixpanel"].Id, recorded.Pipeline[Source].Id, recorded.Pipeline[Flow].Id };

        var stopped = await ApplyStoppingAt(harness, recorded, Flow.ToString());

        // The stop comes as the dataflow's turn begins: its old flow is deleted first (two flows never run side by
        // side), its successor is not posted. Whatever the service holds is recorded, old halves included.
        Assert.Subset(RecordedIds(stopped.State), StoredIds(harness).ToHashSet());
        Assert.Equal([oldIds[0], oldIds[1]], stopped.State.Superseded.Select(o => o.Id));
        Assert.Equal([ObjectRef.BaseConnection("mixpanel"), Source], stopped.State.Superseded.Select(o => o.Of));
        Assert.DoesNotContain(oldIds[2], StoredIds(harness));
        Assert.All(stopped.Errors, e => Assert.True(e.NotStarted || e.Message.Contains("the next run deletes it", StringComparison.Ordinal), e.Message));

        harness.Host.Journal.Clear();
        var next = await harness.Reconciler().ApplyAsync(await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), stopped.State));

        // Only the dataflow is posted; the connections written before the stop are not posted again.
        Assert.Equal(["/flows"], harness.Host.Journal.Writes.Where(w => w.Method == "POST" && !w.Path.EndsWith("/action", StringComparison.Ordinal))
            .Select(w => w.Path[w.Path.LastIndexOf('/')..]));
        AssertOneOfEachAllRecorded(harness, next);
    }

    [Fact]
    public async Task A_failed_dataflow_replacement_keeps_the_old_source_connection_recorded_and_the_next_run_replaces_the_flow_and_deletes_it()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var recorded = await AppliedWithBaseConnectionToReplace(harness);
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "POST", path: "/flows");

        var failed = await harness.Reconciler().ApplyAsync(await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), recorded));

        Assert.Subset(RecordedIds(failed.State), StoredIds(harness).ToHashSet()); // the old flow, deleted first, may stay recorded
        var oldSource = Assert.Single(failed.State.Superseded, o => o.Of == Source);
        Assert.Equal(recorded.Pipeline[Source].Id, oldSource.Id);
        Assert.Equal([Flow], oldSource.UsedBy); // the old dataflow still reads through it
        Assert.Equal(recorded.Pipeline[Flow].Id, failed.State.Pipeline[Flow].Id);
        Assert.Contains(failed.Errors, e => e.Key == Source.ToString() && e.Message.Contains("the next run deletes it", StringComparison.Ordinal));

        var plan = await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), failed.State);
        var flow = Assert.IsType<PipelineChange.Replace>(Assert.Single(plan.Pipeline.Changes, c => c.Ref == Flow));
        Assert.Contains($"it still uses the old {Source} (id {oldSource.Id})", flow.Reason, StringComparison.Ordinal);
        Assert.Equal(["sourceConnectionIds"], flow.ChangedPaths); // the field that still points at the old half
        Assert.Equal(["sourceConnectionIds"], flow.Changes.ReplacePaths);
        var next = await harness.Reconciler().ApplyAsync(plan);

        AssertOneOfEachAllRecorded(harness, next);
    }

    [Fact]
    public async Task A_replacement_whose_state_was_lost_after_its_creates_committed_takes_the_new_objects_instead_of_posting_again()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var recorded = await AppliedWithBaseConnectionToReplace(harness);
        // The run is killed once its creates committed: nothing of it reaches the state, which stays `recorded`.
        _ = await ApplyStoppingAt(harness, recorded, Flow.ToString());
        var committed = StoredIds(harness).Except(RecordedIds(recorded)).ToHashSet();
        Assert.Equal(2, committed.Count); // the new base and source connections; the old flow was deleted, its successor not posted

        harness.Host.Journal.Clear();
        var next = await harness.Reconciler().ApplyAsync(await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), recorded));

        Assert.True(next.Succeeded, string.Join("\n", next.Errors));
        Assert.DoesNotContain(harness.Host.Journal.Writes, w => w.Method == "POST" && (w.Path.EndsWith("/connections", StringComparison.Ordinal)
            || w.Path.EndsWith("/sourceConnections", StringComparison.Ordinal)));
        Assert.Equal(committed.Order(), new[] { next.State.Connections["mixpanel"].Id, next.State.Pipeline[Source].Id }.Order());
        Assert.Single(harness.Host.GetStoredResources("flows"));
        Assert.Single(harness.Host.GetStoredResources("sourceConnections"));
        Assert.Single(harness.Host.GetStoredConnections());
    }
}
