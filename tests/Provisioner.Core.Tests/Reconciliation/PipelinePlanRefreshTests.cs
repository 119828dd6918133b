using static Provisioner.Core.Tests.Reconciliation.ReplacementScenario;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The pipeline half of planning and refreshing over real HTTP against the emulator: the name lookups
/// (their failures stay with their objects), a host without a pipeline client, and what refresh calls drift.</summary>
public sealed class PipelinePlanRefreshTests
{
    private static ReconcilerOptions Options() => new() { SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) };

    [Fact]
    public async Task A_failed_lookup_of_source_connections_refuses_that_object_with_the_kind_and_name_and_keeps_the_rest_planned()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "GET", path: "/sourceConnections");

        var plan = await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), RecordedState.Empty);

        var refused = Assert.Single(plan.Pipeline.Errors, c => c.Ref == Source);
        Assert.StartsWith("could not look up source connections named 'Mixpanel events': ", refused.Error, StringComparison.Ordinal);
        Assert.IsType<PipelineChange.Create>(Assert.Single(plan.Pipeline.Changes, c => c.Ref == Target));
        Assert.IsType<PlannedChange.Create>(Assert.Single(plan.Changes));
    }

    [Fact]
    public async Task A_host_whose_client_serves_no_pipeline_refuses_every_pipeline_object_and_still_creates_its_connections()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var reconciler = new ConnectionReconciler(new InterceptingClient(harness.Client), Options());

        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), RecordedState.Empty);
        var log = new List<ReconcileProgress>();
        var result = await reconciler.ApplyAsync(plan, new ProgressLog(log));

        Assert.All(log, p => Assert.Equal(4, p.Total)); // one create and three refusals
        Assert.True(plan.HasErrors); // the pipeline's refusals alone make it a plan with errors
        Assert.Empty(plan.Errors);
        Assert.Equal(ReconcileMessages.NoPipelineClient, Assert.Single(plan.Pipeline.Errors, c => c.Ref == Source).Error);
        Assert.Equal(ReconcileMessages.NoPipelineClient, Assert.Single(plan.Pipeline.Errors, c => c.Ref == Target).Error);
        Assert.Contains(plan.Pipeline.Errors, c => c.Ref == Flow);
        Assert.Single(harness.Host.GetStoredConnections());
        Assert.Empty(harness.Host.GetStoredResources("sourceConnections"));
        Assert.Equal([Base.Key], result.State.Connections.Keys);
        Assert.Empty(result.State.Pipeline);
        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public async Task Refreshing_a_recorded_pipeline_without_a_pipeline_client_is_refused_in_words()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var reconciler = new ConnectionReconciler(new InterceptingClient(harness.Client), Options());

        var refused = await Assert.ThrowsAsync<ReconcileException>(() => reconciler.RefreshAsync(state));

        Assert.Equal(ReconcileMessages.NoPipelineClient, refused.Message);
    }

    [Fact]
    public async Task A_host_without_a_pipeline_client_refreshes_a_state_of_base_connections_alone()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State with { Pipeline = RecordedState.Empty.Pipeline };
        var reconciler = new ConnectionReconciler(new InterceptingClient(harness.Client), Options());

        var refreshed = await reconciler.RefreshAsync(state);

        Assert.Equal([Base.Key], refreshed.State.Connections.Keys);
        Assert.Empty(refreshed.Gone);
        Assert.Empty(refreshed.Drifted);
    }

    [Fact]
    public async Task A_dataflow_switched_off_outside_the_tool_is_drift_and_its_record_takes_the_served_state()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var flow = state.Pipeline[Flow];
        var source = state.Pipeline[Source];
        var switched = await harness.Client.SetFlowEnabledAsync(flow.Id, enabled: false);

        var refreshed = await harness.Reconciler().RefreshAsync(state);

        Assert.Equal([Flow.ToString()], refreshed.Drifted);
        Assert.Empty(refreshed.Gone);
        var after = refreshed.State.Pipeline[Flow];
        Assert.False(after.Inputs.Enabled);
        Assert.Equal(switched.Etag, after.Etag);
        // Untouched objects keep their records exactly.
        Assert.Equal((source.Id, source.Etag, source.Inputs.Body.ToJsonString()),
            (refreshed.State.Pipeline[Source].Id, refreshed.State.Pipeline[Source].Etag, refreshed.State.Pipeline[Source].Inputs.Body.ToJsonString()));
        var plan = await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), refreshed.State);
        Assert.Equal(FlowStateAction.Enable, Assert.Single(plan.Pipeline.Changes, c => c.IsChange).StateAction);
    }

    [Fact]
    public async Task Gone_and_drifted_list_base_connections_first_then_pipeline_objects_by_their_key_path()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        await harness.Client.DeleteObjectAsync(PipelineRoute.Flows, state.Pipeline[Flow].Id);
        await harness.Client.DeleteObjectAsync(PipelineRoute.TargetConnections, state.Pipeline[Target].Id);
        var source = state.Pipeline[Source];
        await harness.Client.UpdateObjectAsync(PipelineRoute.SourceConnections, source.Id, source.Etag,
            [JsonPatchOperation.Replace("/params/timezone", "Europe/Paris")]);
        var connection = state.Connections[Base.Key];
        await harness.Client.UpdateConnectionAsync(connection.Id, connection.Etag, [JsonPatchOperation.Replace("/description", "edited by hand")]);

        var refreshed = await harness.Reconciler().RefreshAsync(state);

        Assert.Equal([Base.Key, Source.ToString()], refreshed.Drifted);
        Assert.Equal(new[] { Flow.ToString(), Target.ToString() }.Order(StringComparer.Ordinal), refreshed.Gone.Order(StringComparer.Ordinal));
        Assert.Equal([Source], refreshed.State.Pipeline.Keys);
        Assert.Equal("Europe/Paris", refreshed.State.Pipeline[Source].Inputs.Body["params"]!["timezone"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_outage_during_a_pipeline_lookup_stops_the_plan_once_instead_of_refusing_each_object()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(20, statusCode: 503, method: "GET", path: "/sourceConnections");

        var outage = await Assert.ThrowsAsync<FlowServiceException>(async () =>
            await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), RecordedState.Empty));

        Assert.True(outage.IsServiceUnavailable);
    }
}
