using static Provisioner.Core.Tests.Reconciliation.ReplacementScenario;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>Each kind of pipeline step as the reconciler carries it out over real HTTP against the emulator — adopt,
/// update, the switch, a create guarded by a fresh lookup, a replacement's look-up before its POST — and what each
/// reports: applied changes, progress, and the words of a 404 or 412.</summary>
public sealed class PipelineApplyPathTests
{
    private static string Disabled() => Example().Replace("    enabled: true", "    enabled: false", StringComparison.Ordinal);

    private static string EveryHalfHour() => Example().Replace("      interval: 15", "      interval: 30", StringComparison.Ordinal);

    private static (string Method, string Collection)[] Writes(EmulatorHarness harness) =>
        harness.Host.Journal.Writes.OrderBy(w => w.Sequence)
            .Select(w => (w.Method, w.Path[(w.Path.IndexOf("/flowservice/", StringComparison.Ordinal) + "/flowservice/".Length)..].Split('/')[0]))
            .ToArray();

    [Fact]
    public async Task A_first_apply_reports_each_object_once_started_and_once_done_and_lists_what_it_recorded()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var log = new List<ReconcileProgress>();
        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), RecordedState.Empty);

        var result = await reconciler.ApplyAsync(plan, new ProgressLog(log));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        string[] keys = [Flow.ToString(), Base.Key, Source.ToString(), Target.ToString()];
        Assert.Equal(keys, result.Applied.Select(a => a.Key));
        Assert.All(result.Applied, a => Assert.Equal(ConnectionAction.Create, a.Action));
        Assert.All(result.Applied, a => Assert.False(a.RecoveredLostCreate));
        Assert.Equal((result.State.Connections[Base.Key].Id, result.State.Connections[Base.Key].Etag), (result.Applied[1].Id, result.Applied[1].Etag));
        foreach (var (at, applied) in new[] { (Flow, result.Applied[0]), (Source, result.Applied[2]), (Target, result.Applied[3]) })
        {
            Assert.Equal((result.State.Pipeline[at].Id, result.State.Pipeline[at].Etag), (applied.Id, applied.Etag));
        }
        Assert.Equal(keys.Order(StringComparer.Ordinal), log.Where(p => p.Stage == ProgressStage.Started).Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal([1, 2, 3, 4], log.Where(p => p.Stage == ProgressStage.Succeeded).Select(p => p.Completed));
        Assert.All(log, p => Assert.Equal(4, p.Total));
        Assert.Equal(Base.Key, log[0].Key); // level 0 first
        Assert.Equal((Flow.ToString(), ProgressStage.Succeeded), (log[^1].Key, log[^1].Stage)); // level 2 last
    }

    [Fact]
    public async Task A_lost_state_adopts_every_object_by_name_without_writing_and_records_the_same_ids()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        harness.Host.Journal.Clear();

        var adopted = await harness.ApplyAsync(Example(), RecordedState.Empty);

        Assert.True(adopted.Succeeded, string.Join("\n", adopted.Errors));
        // The base connection's credentials cannot be read back, so adopting it sends them once; nothing else is written.
        Assert.Equal([("PATCH", "connections")], Writes(harness));
        Assert.All(adopted.Applied, a => Assert.Equal(ConnectionAction.Adopt, a.Action));
        Assert.Equal(first.Pipeline.Values.Select(r => (r.Ref, r.Id, r.Etag)), adopted.State.Pipeline.Values.Select(r => (r.Ref, r.Id, r.Etag)));
        Assert.Equal(first.Connections[Base.Key].Id, adopted.State.Connections[Base.Key].Id);
    }

    [Fact]
    public async Task An_adopted_dataflow_that_differs_is_patched_once_and_recorded_with_the_new_etag()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        harness.Host.Journal.Clear();

        var adopted = await harness.ApplyAsync(EveryHalfHour(), RecordedState.Empty);

        Assert.True(adopted.Succeeded, string.Join("\n", adopted.Errors));
        Assert.Equal([("PATCH", "connections"), ("PATCH", "flows")], Writes(harness)); // the credentials, then the schedule
        var flow = adopted.State.Pipeline[Flow];
        Assert.Equal(first.Pipeline[Flow].Id, flow.Id);
        Assert.NotEqual(first.Pipeline[Flow].Etag, flow.Etag);
        Assert.Equal(flow.Etag, (await harness.Client.GetObjectAsync(PipelineRoute.Flows, flow.Id))!.Etag);
        Assert.Equal("30", flow.Inputs.Body["scheduleParams"]!["interval"]!.ToString());
    }

    [Fact]
    public async Task An_update_of_a_dataflow_deleted_behind_our_back_says_it_is_gone_and_forgets_it_so_the_next_run_creates_it()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var flowId = state.Pipeline[Flow].Id;
        await harness.Client.DeleteObjectAsync(PipelineRoute.Flows, flowId);

        var failed = await harness.ApplyAsync(EveryHalfHour(), state);

        var error = Assert.Single(failed.Errors);
        Assert.Equal((Flow.ToString(), ConnectionAction.Update), (error.Key, error.Action));
        Assert.Equal("update failed: " + ReconcileMessages.Gone(flowId), error.Message);
        Assert.DoesNotContain(Flow, failed.State.Pipeline.Keys);
        harness.Host.Journal.Clear();
        var next = await harness.ApplyAsync(EveryHalfHour(), failed.State);
        Assert.True(next.Succeeded, string.Join("\n", next.Errors));
        Assert.Equal([("POST", "flows")], Writes(harness));
    }

    [Fact]
    public async Task An_update_of_a_dataflow_changed_elsewhere_keeps_its_412_names_the_flow_and_keeps_the_record()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var flow = state.Pipeline[Flow];
        await harness.Client.UpdateObjectAsync(PipelineRoute.Flows, flow.Id, flow.Etag, [JsonPatchOperation.Replace("/description", "changed by hand")]);

        var failed = await harness.ApplyAsync(EveryHalfHour(), state);

        var error = Assert.Single(failed.Errors);
        Assert.Equal("update failed: " + ReconcileMessages.ChangedElsewhere(flow.Id), error.Message);
        Assert.Equal(flow, failed.State.Pipeline[Flow]);
    }

    [Fact]
    public async Task A_disabled_dataflow_declared_enabled_again_is_enabled_in_a_step_of_its_own_and_recorded_enabled()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Disabled(), RecordedState.Empty)).State;
        harness.Host.Journal.Clear();

        var enabled = await harness.ApplyAsync(Example(), state);

        Assert.True(enabled.Succeeded, string.Join("\n", enabled.Errors));
        var action = Assert.Single(harness.Host.Journal.Writes);
        Assert.Equal(("POST", "?op=enable"), (action.Method, action.Query));
        Assert.EndsWith($"/flows/{state.Pipeline[Flow].Id}/action", action.Path, StringComparison.Ordinal);
        var flow = enabled.State.Pipeline[Flow];
        Assert.True(flow.Inputs.Enabled);
        Assert.Equal(DataflowStates.Enabled, (await harness.Client.GetObjectAsync(PipelineRoute.Flows, flow.Id))!.State);
        Assert.Equal(new AppliedChange(Flow.ToString(), ConnectionAction.NoOp, flow.Id, flow.Etag), Assert.Single(enabled.Applied));
    }

    [Fact]
    public async Task A_plan_too_old_to_trust_looks_each_name_up_again_and_refuses_to_create_beside_one_that_appeared()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var reconciler = harness.Reconciler(new ReconcilerOptions
        {
            SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]),
            PlanLookupValidity = TimeSpan.Zero,
        });
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), RecordedState.Empty);
        var target = Assert.IsType<PipelineChange.Create>(Assert.Single(plan.Pipeline.Changes, c => c.Ref == Target));
        var appeared = await harness.Client.CreateObjectAsync(PipelineRoute.TargetConnections, target.Desired.ToRequest(_ => throw new InvalidOperationException()));

        var result = await reconciler.ApplyAsync(plan);

        Assert.Equal([Flow.ToString(), Target.ToString()], result.Errors.Select(e => e.Key));
        Assert.Equal("create failed: " + ReconcileMessages.AppearedSincePlan("target connection", "Mixpanel events dataset", [appeared.Id]),
            result.Errors[1].Message);
        Assert.Equal(ReconcileMessages.BlockedBy([Target.ToString()]), result.Errors[0].Message);
        Assert.Equal([appeared.Id], harness.Host.GetStoredResources("targetConnections").Select(t => t.Id));
        Assert.Equal([Source], result.State.Pipeline.Keys);
    }

    [Fact]
    public async Task A_replacement_does_not_take_an_unrecorded_object_of_its_name_that_differs_and_leaves_it_alone()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var recorded = await AppliedWithBaseConnectionToReplace(harness);
        // Someone's copy of the source connection, still on the old base connection: same name, not what is declared.
        var old = (await harness.Client.GetObjectAsync(PipelineRoute.SourceConnections, recorded.Pipeline[Source].Id))!;
        var copy = await harness.Client.CreateObjectAsync(PipelineRoute.SourceConnections, new JsonObject
        {
            ["name"] = old.Name,
            ["baseConnectionId"] = recorded.Connections[Base.Key].Id,
            ["connectionSpec"] = old.Item["connectionSpec"]!.DeepClone(),
            ["data"] = old.Item["data"]?.DeepClone(),
            ["params"] = old.Item["params"]?.DeepClone(),
        });

        var result = await harness.Reconciler().ApplyAsync(await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), recorded));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var replaced = result.State.Pipeline[Source].Id;
        Assert.NotEqual(copy.Id, replaced);
        Assert.NotEqual(recorded.Pipeline[Source].Id, replaced);
        Assert.Equal(new[] { copy.Id, replaced }.Order(StringComparer.Ordinal),
            harness.Host.GetStoredResources("sourceConnections").Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(copy.Id, RecordedIds(result.State));
    }

    [Fact]
    public async Task A_pipeline_removed_with_retention_is_forgotten_object_by_object_and_nothing_is_deleted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        harness.Host.Journal.Clear();

        var forgotten = await harness.ApplyAsync("connections: {}\n", state, harness.Reconciler(new ReconcilerOptions
        {
            SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]),
            RetainRemoved = true,
        }));

        Assert.True(forgotten.Succeeded, string.Join("\n", forgotten.Errors));
        Assert.Empty(harness.Host.Journal.Writes);
        Assert.Equal([Flow.ToString(), Base.Key, Source.ToString(), Target.ToString()], forgotten.Applied.Select(a => a.Key));
        Assert.All(forgotten.Applied, a => Assert.Equal(new AppliedChange(a.Key, ConnectionAction.Forget, null, null), a));
        Assert.Empty(forgotten.State.Connections);
        Assert.Empty(forgotten.State.Pipeline);
    }

    [Fact]
    public async Task A_base_connection_whose_lookup_failed_is_refused_with_what_needs_it_and_the_rest_is_applied()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "GET", path: "/connections");
        var log = new List<ReconcileProgress>();
        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), RecordedState.Empty);

        var result = await reconciler.ApplyAsync(plan, new ProgressLog(log));

        var refused = Assert.Single(result.Errors, e => e.Key == Base.Key);
        Assert.StartsWith("could not look up connections named 'Mixpanel base connection': ", refused.Message, StringComparison.Ordinal);
        Assert.Equal("sourceConnections.mixpanel-events cannot be planned: connections.mixpanel, which it uses, has no decision (see its error)",
            Assert.Single(result.Errors, e => e.Key == Source.ToString()).Message);
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal([Target], result.State.Pipeline.Keys);
        Assert.DoesNotContain(harness.Host.Journal.Writes, w => w.Method == "POST" && !w.Path.EndsWith("/targetConnections", StringComparison.Ordinal));
        Assert.All(log, p => Assert.Equal(4, p.Total)); // the refusal counts among the objects reported
    }

    [Fact]
    public async Task A_dataflow_blocked_by_two_failures_names_them_in_dependency_order()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "POST", path: "/sourceConnections");
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "POST", path: "/targetConnections");

        var failed = await harness.ApplyAsync(Example(), RecordedState.Empty);

        Assert.Equal(ReconcileMessages.BlockedBy([Source.ToString(), Target.ToString()]), Assert.Single(failed.Errors, e => e.Key == Flow.ToString()).Message);
    }

    [Fact]
    public async Task Never_adopting_with_a_stale_plan_creates_beside_the_objects_the_plan_already_knew()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var options = new ReconcilerOptions
        {
            SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]),
            PlanLookupValidity = TimeSpan.Zero,
            CreatePolicy = CreatePolicy.NeverAdopt,
        };
        var first = await harness.ApplyAsync(Example(), RecordedState.Empty, harness.Reconciler(options));
        Assert.True(first.Succeeded, string.Join("\n", first.Errors));

        var beside = await harness.ApplyAsync(Example(), RecordedState.Empty, harness.Reconciler(options));

        Assert.True(beside.Succeeded, string.Join("\n", beside.Errors));
        Assert.Equal(2, harness.Host.GetStoredResources("targetConnections").Count);
        Assert.NotEqual(first.State.Pipeline[Target].Id, beside.State.Pipeline[Target].Id);
    }

    [Fact]
    public async Task An_update_records_the_new_etag_and_inputs()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;

        var updated = await harness.ApplyAsync(EveryHalfHour(), state);

        Assert.True(updated.Succeeded, string.Join("\n", updated.Errors));
        var flow = updated.State.Pipeline[Flow];
        Assert.Equal((await harness.Client.GetObjectAsync(PipelineRoute.Flows, flow.Id))!.Etag, flow.Etag);
        Assert.Equal("30", flow.Inputs.Body["scheduleParams"]!["interval"]!.ToString());
        Assert.Equal(new AppliedChange(Flow.ToString(), ConnectionAction.Update, flow.Id, flow.Etag), Assert.Single(updated.Applied));
    }

    [Fact]
    public async Task A_switch_that_fails_after_the_create_records_the_flow_as_enabled_so_the_next_plan_switches_it_again()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "POST", path: "/flows/*/action");

        var failed = await harness.ApplyAsync(Disabled(), RecordedState.Empty);

        Assert.Single(failed.Errors);
        var flow = failed.State.Pipeline[Flow];
        Assert.True(flow.Inputs.Enabled); // what the flow has: created enabled, the switch did not happen
        var plan = await harness.Reconciler().PlanAsync(await harness.LoadAsync(Disabled()), failed.State);
        Assert.Equal(FlowStateAction.Disable, Assert.Single(plan.Pipeline.Changes, c => c.IsChange).StateAction);
    }

    [Fact]
    public async Task An_adopted_dataflow_changed_between_plan_and_apply_keeps_its_412_naming_the_flow()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(EveryHalfHour()), RecordedState.Empty);
        var flow = first.Pipeline[Flow];
        await harness.Client.UpdateObjectAsync(PipelineRoute.Flows, flow.Id, flow.Etag, [JsonPatchOperation.Replace("/description", "changed by hand")]);

        var result = await reconciler.ApplyAsync(plan);

        Assert.Equal("adopt failed: " + ReconcileMessages.ChangedElsewhere(flow.Id), Assert.Single(result.Errors).Message);
    }

    [Fact]
    public async Task An_adopted_base_connection_changed_between_plan_and_apply_keeps_its_412_naming_the_connection()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), RecordedState.Empty);
        var connection = first.Connections[Base.Key];
        await harness.Client.UpdateConnectionAsync(connection.Id, connection.Etag, [JsonPatchOperation.Replace("/description", "changed by hand")]);

        var result = await reconciler.ApplyAsync(plan);

        Assert.Equal("adopt failed: " + ReconcileMessages.ChangedElsewhere(connection.Id), Assert.Single(result.Errors, e => e.Key == Base.Key).Message);
    }

    [Fact]
    public async Task An_update_of_a_base_connection_changed_elsewhere_names_the_connection_in_a_pipeline_run()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Example(), RecordedState.Empty)).State;
        var connection = state.Connections[Base.Key];
        await harness.Client.UpdateConnectionAsync(connection.Id, connection.Etag, [JsonPatchOperation.Replace("/description", "changed by hand")]);

        var result = await harness.ApplyAsync(Example().Replace("Mixpanel events exported for", "Mixpanel events sent to", StringComparison.Ordinal), state);

        Assert.Equal("update failed: " + ReconcileMessages.ChangedElsewhere(connection.Id), Assert.Single(result.Errors).Message);
    }
}
