using Provisioner.Testing;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The reconciler applying a whole pipeline (base connection → source/target connection → dataflow) over
/// real HTTP against the emulator; orders and counts come from the emulator's journal.</summary>
public sealed class PipelineApplyTests
{
    private const string Flow = "dataflows.mixpanel-to-dataset";

    private static string Example() => File.ReadAllText(RepoRoot.Combine("infra", "examples", "pipeline.yaml"));

    /// <summary>The last path segment kind of a journal entry: connections, sourceConnections, targetConnections, flows.</summary>
    private static string CollectionOf(JournalEntry entry)
    {
        var rest = entry.Path[EmulatorPaths.FlowService.Length..].TrimStart('/');
        return rest.Split('/')[0];
    }

    private static (string Method, string Collection)[] Writes(EmulatorHarness harness) =>
        harness.Host.Journal.Writes.OrderBy(w => w.Sequence).Select(w => (w.Method, CollectionOf(w))).ToArray();

    private static int LevelOf(string collection) => collection switch
    {
        "connections" => 0,
        "sourceConnections" or "targetConnections" => 1,
        _ => 2,
    };

    [Fact]
    public async Task The_example_pipeline_is_created_in_dependency_order_and_a_second_run_writes_nothing()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var first = await harness.ApplyAsync(Example(), RecordedState.Empty);

        Assert.True(first.Succeeded, string.Join("\n", first.Errors));
        var writes = Writes(harness);
        Assert.Equal(["connections", "sourceConnections", "targetConnections", "flows"], writes.Select(w => w.Collection).Order(StringComparer.Ordinal).ToArray()
            .OrderBy(LevelOf).ThenBy(c => c, StringComparer.Ordinal));
        Assert.All(writes, w => Assert.Equal("POST", w.Method));
        Assert.Equal(writes.Select(w => LevelOf(w.Collection)).Order(), writes.Select(w => LevelOf(w.Collection))); // in level order
        Assert.Equal(3, first.State.Pipeline.Count);
        var flow = first.State.Pipeline[new ObjectRef(PipelineKind.Dataflow, "mixpanel-to-dataset")];
        var stored = Assert.Single(harness.Host.GetStoredResources("flows"));
        Assert.Equal(flow.Id, stored.Id);
        Assert.Equal(first.State.Pipeline[new ObjectRef(PipelineKind.SourceConnection, "mixpanel-events")].Id, Assert.Single(stored.Texts("sourceConnectionIds")));
        Assert.Equal(first.State.Connections["mixpanel"].Id,
            Assert.Single(harness.Host.GetStoredResources("sourceConnections")).Text("baseConnectionId"));

        harness.Host.Journal.Clear();
        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), first.State);
        Assert.False(plan.HasChanges);
        Assert.All(plan.Pipeline.Changes, c => Assert.Equal(ConnectionAction.NoOp, c.Action));
        var second = await reconciler.ApplyAsync(plan);

        Assert.True(second.Succeeded, string.Join("\n", second.Errors));
        Assert.Empty(second.Applied);
        Assert.Empty(harness.Host.Journal.Writes);
        Assert.Equal(first.State.Pipeline.Values.Select(r => (r.Id, r.Etag)), second.State.Pipeline.Values.Select(r => (r.Id, r.Etag)));
    }

    [Fact]
    public async Task A_replaced_base_connection_replaces_its_source_connection_and_dataflow_deleting_the_old_flow_first_and_the_old_connections_after()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        // What the file asked before: another spec version, which only a new base connection can have.
        var old = first.Connections["mixpanel"];
        var recorded = first with
        {
            Connections = first.Connections.SetItem("mixpanel", old with { Inputs = old.Inputs with { ConnectionSpec = old.Inputs.ConnectionSpec with { Version = "0.9" } } }),
        };
        harness.Host.Journal.Clear();

        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), recorded);
        var result = await reconciler.ApplyAsync(plan);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var replaced = plan.Pipeline.Changes.OfType<PipelineChange.Replace>().ToDictionary(r => r.Ref.ToString(), r => r.Reason);
        Assert.Equal(["dataflows.mixpanel-to-dataset", "sourceConnections.mixpanel-events"], replaced.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("connections.mixpanel is replaced", replaced["sourceConnections.mixpanel-events"], StringComparison.Ordinal);
        Assert.Equal(
            // The old flow goes before its successor is posted (never two flows writing to one dataset); the old
            // connections only after the old flow that used them.
            [("POST", "connections"), ("POST", "sourceConnections"), ("DELETE", "flows"), ("POST", "flows"), ("DELETE", "sourceConnections"), ("DELETE", "connections")],
            Writes(harness));
        Assert.NotEqual(old.Id, result.State.Connections["mixpanel"].Id);
        Assert.Equal([result.State.Connections["mixpanel"].Id], harness.Host.GetStoredConnections().Select(c => c.Id));
        Assert.Equal(result.State.Connections["mixpanel"].Id, Assert.Single(harness.Host.GetStoredResources("sourceConnections")).Text("baseConnectionId"));
        Assert.Equal(first.Pipeline[new ObjectRef(PipelineKind.TargetConnection, "events-dataset")].Id,
            result.State.Pipeline[new ObjectRef(PipelineKind.TargetConnection, "events-dataset")].Id); // untouched
    }

    [Fact]
    public async Task Removing_the_pipeline_deletes_dataflows_then_connections_then_the_base_connection()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        harness.Host.Journal.Clear();

        var result = await harness.ApplyAsync("connections: {}\n", first);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var writes = Writes(harness);
        Assert.All(writes, w => Assert.Equal("DELETE", w.Method));
        Assert.Equal(4, writes.Length);
        Assert.Equal(writes.Select(w => LevelOf(w.Collection)).OrderDescending(), writes.Select(w => LevelOf(w.Collection)));
        Assert.Empty(result.State.Pipeline);
        Assert.Empty(result.State.Connections);
        Assert.DoesNotContain(harness.Host.GetStoredResources(), r => r.Kind != "runs");
    }

    [Fact]
    public async Task A_dataflow_declared_disabled_is_disabled_once()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var disabled = Example().Replace("    enabled: true", "    enabled: false", StringComparison.Ordinal);

        var first = await harness.ApplyAsync(disabled, RecordedState.Empty);

        Assert.True(first.Succeeded, string.Join("\n", first.Errors));
        var actions = harness.Host.Journal.Writes.Where(w => w.Path.EndsWith("/action", StringComparison.Ordinal)).ToArray();
        Assert.Equal("?op=disable", Assert.Single(actions).Query);
        var flow = first.State.Pipeline[new ObjectRef(PipelineKind.Dataflow, "mixpanel-to-dataset")];
        Assert.Equal(DataflowStates.Disabled, (await harness.Client.GetObjectAsync(PipelineRoute.Flows, flow.Id))!.State);
        Assert.False(flow.Inputs.Enabled);

        harness.Host.Journal.Clear();
        var second = await harness.ApplyAsync(disabled, first.State);
        Assert.True(second.Succeeded, string.Join("\n", second.Errors));
        Assert.Empty(harness.Host.Journal.Writes);
    }

    [Fact]
    public async Task A_failed_dataflow_create_keeps_every_connection_written_and_the_next_run_creates_only_the_dataflow()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "POST", path: "/flows");

        var failed = await harness.ApplyAsync(Example(), RecordedState.Empty);

        var error = Assert.Single(failed.Errors);
        Assert.Equal(Flow, error.Key);
        Assert.DoesNotContain(failed.Applied, a => a.Key == Flow);
        Assert.Equal(3, failed.Applied.Count);
        Assert.Single(failed.State.Connections);
        Assert.Equal(2, failed.State.Pipeline.Count);
        Assert.DoesNotContain(new ObjectRef(PipelineKind.Dataflow, "mixpanel-to-dataset"), failed.State.Pipeline.Keys);

        harness.Host.Journal.Clear();
        var next = await harness.ApplyAsync(Example(), failed.State);
        Assert.True(next.Succeeded, string.Join("\n", next.Errors));
        Assert.Equal([("POST", "flows")], Writes(harness));
        Assert.Single(harness.Host.GetStoredResources("flows"));
    }

    [Fact]
    public async Task A_failed_source_connection_blocks_only_the_dataflow_that_needs_it()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "POST", path: "/sourceConnections");

        var failed = await harness.ApplyAsync(Example(), RecordedState.Empty);

        Assert.Equal([Flow, "sourceConnections.mixpanel-events"], failed.Errors.Select(e => e.Key));
        Assert.Contains("not started because sourceConnections.mixpanel-events failed", failed.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains(new ObjectRef(PipelineKind.TargetConnection, "events-dataset"), failed.State.Pipeline.Keys);
        Assert.Empty(harness.Host.GetStoredResources("flows"));
    }

    [Theory]
    [InlineData("/connections", "connections")]
    [InlineData("/sourceConnections", "sourceConnections")]
    [InlineData("/targetConnections", "targetConnections")]
    [InlineData("/flows", "flows")]
    public async Task A_create_whose_answer_is_lost_after_commit_is_recorded_once(string path, string collection)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.DropResponseAfterCommit(count: 1, path: path);

        var result = await harness.ApplyAsync(Example(), RecordedState.Empty);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Contains(result.Applied, a => a.RecoveredLostCreate);
        Assert.Single(harness.Host.GetStoredConnections());
        foreach (var kind in new[] { "sourceConnections", "targetConnections", "flows" })
        {
            Assert.Single(harness.Host.GetStoredResources(kind));
        }
        var recordedIds = result.State.Pipeline.Values.Select(r => r.Id).Append(result.State.Connections["mixpanel"].Id).Order();
        var storedIds = harness.Host.GetStoredResources().Where(r => r.Kind != "runs").Select(r => r.Id)
            .Append(harness.Host.GetStoredConnections()[0].Id).Order();
        Assert.Equal(storedIds, recordedIds);
        Assert.Contains(harness.Host.Journal.Writes, w => CollectionOf(w) == collection);
    }

    [Fact]
    public async Task A_switch_sends_no_If_Match_so_an_etag_the_service_moved_since_the_write_does_not_fail_it()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var flow = state.Pipeline[new ObjectRef(PipelineKind.Dataflow, "mixpanel-to-dataset")];
        // The etag moves without the content changing (as while a new flow's state settles): the recorded one is stale.
        var moved = await harness.Client.UpdateObjectAsync(PipelineRoute.Flows, flow.Id, flow.Etag,
            [JsonPatchOperation.Replace("/scheduleParams/interval", "15")]);
        Assert.NotEqual(flow.Etag, moved.Etag);
        harness.Host.Journal.Clear();

        var result = await harness.ApplyAsync(Example().Replace("    enabled: true", "    enabled: false", StringComparison.Ordinal), state);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal([("POST", "flows")], Writes(harness)); // the disable action alone
        Assert.Equal(DataflowStates.Disabled, (await harness.Client.GetObjectAsync(PipelineRoute.Flows, flow.Id))!.State);
    }

    [Fact]
    public async Task A_refresh_of_an_untouched_pipeline_finds_no_drift_and_the_plan_after_it_is_all_unchanged()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example().Replace("    enabled: true", "    enabled: false", StringComparison.Ordinal), RecordedState.Empty)).State;
        var reconciler = harness.Reconciler();

        var refreshed = await reconciler.RefreshAsync(state);

        Assert.Empty(refreshed.Drifted);
        Assert.Empty(refreshed.Gone);
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example().Replace("    enabled: true", "    enabled: false", StringComparison.Ordinal)),
            refreshed.State);
        Assert.False(plan.HasChanges, string.Join("\n", plan.Pipeline.Changes.Where(c => c.IsChange).Select(c => $"{c.Ref} {c.Action} {string.Join(",", c.ChangedPaths)}")));
    }

    [Fact]
    public async Task An_out_of_band_patch_shows_as_drift_on_refresh_and_is_patched_back()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var flow = state.Pipeline[new ObjectRef(PipelineKind.Dataflow, "mixpanel-to-dataset")];
        await harness.Client.UpdateObjectAsync(PipelineRoute.Flows, flow.Id, flow.Etag,
            [JsonPatchOperation.Replace("/scheduleParams/interval", 30)]);

        var reconciler = harness.Reconciler();
        var refreshed = await reconciler.RefreshAsync(state);

        Assert.Equal([Flow], refreshed.Drifted);
        Assert.Empty(refreshed.Gone);
        var after = refreshed.State.Pipeline[flow.Ref];
        Assert.NotEqual(flow.Etag, after.Etag);
        Assert.Equal("30", after.Inputs.Body["scheduleParams"]!["interval"]!.ToString());

        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), refreshed.State);
        var update = Assert.IsType<PipelineChange.Update>(Assert.Single(plan.Pipeline.Changes, c => c.IsChange));
        Assert.Equal(["scheduleParams.interval"], update.ChangedPaths);
        harness.Host.Journal.Clear();
        var result = await reconciler.ApplyAsync(plan);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal([("PATCH", "flows")], Writes(harness));
    }

    [Fact]
    public async Task A_pipeline_object_deleted_out_of_band_is_gone_on_refresh_and_created_again()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var flow = state.Pipeline[new ObjectRef(PipelineKind.Dataflow, "mixpanel-to-dataset")];
        await harness.Client.DeleteObjectAsync(PipelineRoute.Flows, flow.Id);

        var refreshed = await harness.Reconciler().RefreshAsync(state);

        Assert.Equal([Flow], refreshed.Gone);
        Assert.DoesNotContain(flow.Ref, refreshed.State.Pipeline.Keys);
        harness.Host.Journal.Clear();
        var again = await harness.ApplyAsync(Example(), refreshed.State);
        Assert.True(again.Succeeded, string.Join("\n", again.Errors));
        Assert.Equal([("POST", "flows")], Writes(harness));
    }
}
