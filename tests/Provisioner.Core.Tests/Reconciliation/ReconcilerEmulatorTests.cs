namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The reconciler over real HTTP against the emulator; write counts come from the emulator's journal.</summary>
public sealed class ReconcilerEmulatorTests
{
    private const string Two = """
        connections:
          mixpanel:
            name: Mixpanel
            description: events
            source: mixpanel
            auth:
              specName: Basic Authentication
              params: { host: https://data.mixpanel.com, username: u, password: { secret: mixpanelPassword } }
          s3:
            name: S3
            source: amazon-s3
            auth:
              specName: Access Key
              params: { s3AccessKey: AK, s3SecretKey: { secret: s3LandingSecretKey } }
        """;

    private const string Third = """

          crm:
            name: CRM
            source: salesforce
            auth:
              specName: Basic Authentication
              params: { environmentUrl: https://x.my.salesforce.com, username: u, password: { secret: salesforcePassword }, securityToken: { secret: salesforceSecurityToken } }
        """;

    [Fact]
    public async Task The_example_is_created_once_and_a_second_apply_writes_nothing()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var example = EmulatorHarness.ExampleFile();

        var first = await harness.ApplyAsync(example, RecordedState.Empty);

        Assert.True(first.Succeeded, string.Join("\n", first.Errors));
        // Three base connections and the Mixpanel pipeline: a source connection, a target connection, a dataflow.
        Assert.Equal(3, first.State.Connections.Count);
        Assert.Equal(3, first.State.Pipeline.Count);
        Assert.Equal(6, harness.Writes("POST"));
        Assert.Equal(3, harness.Host.GetStoredConnections().Count);
        Assert.Equal(first.State.Connections.Values.Select(c => c.Id).Order(), harness.Host.GetStoredConnections().Select(c => c.Id).Order());
        Assert.Equal(first.State.Pipeline.Values.Select(o => o.Id).Order(), harness.Host.GetStoredResources().Where(r => r.Kind != "runs").Select(r => r.Id).Order());

        harness.Host.Journal.Clear();
        var second = await harness.ApplyAsync(example, first.State);

        Assert.True(second.Succeeded);
        Assert.Empty(second.Applied);
        Assert.Empty(harness.Host.Journal.Writes);
        Assert.Equal(first.State.Connections.Select(c => (c.Key, c.Value.Id, c.Value.Etag)), second.State.Connections.Select(c => (c.Key, c.Value.Id, c.Value.Etag)));
        Assert.Equal(first.State.Pipeline.Select(o => (o.Key, o.Value.Id, o.Value.Etag)), second.State.Pipeline.Select(o => (o.Key, o.Value.Id, o.Value.Etag)));
    }

    [Fact]
    public async Task Adding_changing_and_removing_definitions_make_exactly_one_write_each()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Two, RecordedState.Empty)).State;

        harness.Host.Journal.Clear();
        state = (await harness.ApplyAsync(Two + Third, state)).State;
        Assert.Equal([("POST", 1)], WriteCounts(harness));

        harness.Host.Journal.Clear();
        var changed = (await harness.ApplyAsync((Two + Third).Replace("description: events", "description: all events", StringComparison.Ordinal), state));
        Assert.Equal([("PATCH", 1)], WriteCounts(harness));
        Assert.Equal("all events", (await harness.Client.GetConnectionAsync(changed.State.Connections["mixpanel"].Id))!.Description);
        Assert.Equal(changed.State.Connections["mixpanel"].Etag, (await harness.Client.GetConnectionAsync(changed.State.Connections["mixpanel"].Id))!.Etag);

        harness.Host.Journal.Clear();
        var removed = await harness.ApplyAsync(Two.Replace("description: events", "description: all events", StringComparison.Ordinal), changed.State);
        Assert.Equal([("DELETE", 1)], WriteCounts(harness));
        Assert.False(removed.State.Connections.ContainsKey("crm"));
        Assert.Null(await harness.Client.GetConnectionAsync(changed.State.Connections["crm"].Id));
    }

    [Fact]
    public async Task A_changed_secret_is_patched_once_and_never_recorded_in_clear()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = await harness.ApplyAsync(Two, RecordedState.Empty);
        Assert.DoesNotContain(EmulatorHarness.Canary, RecordedStateJson.ToJson(first.State).ToJsonString(), StringComparison.Ordinal);

        harness.Host.Journal.Clear();
        var yaml = Two.Replace("s3AccessKey: AK", "s3AccessKey: AK2", StringComparison.Ordinal);
        await harness.ApplyAsync(yaml, first.State);

        Assert.Equal([("PATCH", 1)], WriteCounts(harness));
    }

    [Fact]
    public async Task An_unexpected_failure_of_one_key_keeps_the_state_of_every_key_applied()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = await harness.ApplyAsync(Two, RecordedState.Empty);
        // A hand-edited state: the client refuses an empty etag with an ArgumentException before any request.
        var edited = RecordedState.From(first.State.Connections.SetItem("mixpanel", first.State.Connections["mixpanel"] with { Etag = "" }));

        var result = await harness.ApplyAsync((Two + Third).Replace("description: events", "description: all events", StringComparison.Ordinal), edited);

        var error = Assert.Single(result.Errors);
        Assert.Equal("mixpanel", error.Key);
        Assert.Contains("unexpected ArgumentException", error.Message, StringComparison.Ordinal);
        Assert.False(error.OutcomeUnknown);
        Assert.Equal(["crm", "mixpanel", "s3"], result.State.Connections.Keys);
        Assert.Equal(harness.Host.GetStoredConnections().Select(c => c.Id).Order(), result.State.Connections.Values.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task A_retried_PATCH_whose_first_attempt_committed_is_accepted_not_reported_as_changed_outside()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = await harness.ApplyAsync(Two, RecordedState.Empty);
        // The first PATCH commits and its answer is lost; the client's retry then carries a stale etag → 412.
        harness.Host.Faults.DropResponseAfterCommit(count: 1, method: "PATCH", path: "/connections/*");

        var result = await harness.ApplyAsync(Two.Replace("description: events", "description: all events", StringComparison.Ordinal), first.State);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(2, harness.Writes("PATCH"));
        var live = (await harness.Client.GetConnectionAsync(result.State.Connections["mixpanel"].Id))!;
        Assert.Equal("all events", live.Description);
        Assert.Equal(live.Etag, result.State.Connections["mixpanel"].Etag);
    }

    [Fact]
    public async Task A_412_after_a_retry_is_still_a_conflict_when_the_live_connection_does_not_show_the_change()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = await harness.ApplyAsync(Two, RecordedState.Empty);
        var id = first.State.Connections["mixpanel"].Id;
        // Someone else changes the description; our PATCH's first attempt fails in transit before reaching the
        // service, so the retry meets their etag.
        await harness.Client.UpdateConnectionAsync(id, first.State.Connections["mixpanel"].Etag, [Provisioner.FlowService.Models.JsonPatchOperation.Replace("/description", "theirs")]);
        harness.Host.Faults.FailNext(1, 503, "PATCH", "/connections/*");

        var result = await harness.ApplyAsync(Two.Replace("description: events", "description: ours", StringComparison.Ordinal), first.State);

        var error = Assert.Single(result.Errors);
        Assert.Contains("changed outside this tool", error.Message, StringComparison.Ordinal);
        Assert.Equal("theirs", (await harness.Client.GetConnectionAsync(id))!.Description);
    }

    [Fact]
    public async Task A_create_whose_response_was_lost_is_recovered_without_a_duplicate()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.DropResponseAfterCommit(count: 1);

        var result = await harness.ApplyAsync(Two, RecordedState.Empty, harness.Reconciler(new ReconcilerOptions { MaxParallelism = 1 }));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Single(result.Applied, a => a.RecoveredLostCreate);
        Assert.Equal(2, harness.Host.GetStoredConnections().Count);
        Assert.Equal(result.State.Connections.Values.Select(c => c.Id).Order(), harness.Host.GetStoredConnections().Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Lost_creates_over_many_trials_never_duplicate()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.Seed(4242);
        harness.Host.Faults.DropResponseAfterCommit(rate: 0.5);
        var yaml = "connections:\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"""
              k{i}:
                name: conn-{i}
                source: mixpanel
                auth: {"{"} specName: Basic Authentication, params: {"{"} host: h, username: u, password: {"{"} secret: mixpanelPassword {"}"} {"}"} {"}"}

            """));

        var result = await harness.ApplyAsync(yaml, RecordedState.Empty);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.True(harness.Host.Faults.InjectedCount > 0);
        var stored = harness.Host.GetStoredConnections();
        Assert.Equal(40, stored.Count);
        Assert.Equal(40, stored.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public async Task A_plan_of_45_new_keys_looks_names_up_in_batches_and_still_adopts_and_refuses_ambiguity()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var yaml = "connections:\n" + string.Concat(Enumerable.Range(0, 45).Select(i => $"""
              k{i}:
                name: conn-{i}
                source: mixpanel
                auth: {"{"} specName: Basic Authentication, params: {"{"} host: h, username: u, password: {"{"} secret: mixpanelPassword {"}"} {"}"} {"}"}

            """));
        var desired = await harness.LoadAsync(yaml);
        var existing = await harness.Client.CreateConnectionAsync(desired.Entries["k3"].Connection.ToCreateRequest());
        await harness.Client.CreateConnectionAsync(desired.Entries["k7"].Connection.ToCreateRequest());
        await harness.Client.CreateConnectionAsync(desired.Entries["k7"].Connection.ToCreateRequest());
        await harness.Client.CreateConnectionAsync(desired.Entries["k9"].Connection.ToCreateRequest() with { Name = "CONN-9" }); // not the same name
        harness.Host.Journal.Clear();
        var reconciler = harness.Reconciler();

        var plan = await reconciler.PlanAsync(desired, RecordedState.Empty);

        // One request per name before batching (45); now 20 names per request.
        Assert.Equal(3, harness.Host.Journal.Matching("GET", "/data/foundation/flowservice/connections").Count);
        var changes = plan.Changes.ToDictionary(c => c.Key);
        Assert.Equal(ConnectionAction.Adopt, changes["k3"].Action);
        Assert.Null(changes["k3"].Error);
        Assert.Equal(existing.Id, Assert.IsType<PlannedChange.Adopt>(changes["k3"]).Existing.Id);
        Assert.Contains("2 connections on the service are named 'conn-7'", changes["k7"].Error, StringComparison.Ordinal);
        Assert.Equal(43, plan.Changes.Count(c => c.Action == ConnectionAction.Create && c.Error is null));
        Assert.Equal(ConnectionAction.Create, changes["k9"].Action);

        var result = await reconciler.ApplyAsync(plan);
        Assert.Equal("k7", Assert.Single(result.Errors).Key);
        Assert.Equal(existing.Id, result.State.Connections["k3"].Id);
        Assert.Equal(47, harness.Host.GetStoredConnections().Count); // 4 before + 43 created (k3 adopted, k7 refused)
    }

    [Fact]
    public async Task Two_existing_connections_with_the_wanted_name_are_refused_and_nothing_is_posted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var desired = await harness.LoadAsync(Two);
        var request = desired.Entries["mixpanel"].Connection.ToCreateRequest();
        await harness.Client.CreateConnectionAsync(request);
        await harness.Client.CreateConnectionAsync(request);
        harness.Host.Journal.Clear();

        var result = await harness.ApplyAsync(Two, RecordedState.Empty);

        var error = Assert.Single(result.Errors);
        Assert.Equal("mixpanel", error.Key);
        Assert.Contains("2 connections on the service are named 'Mixpanel'", error.Message, StringComparison.Ordinal);
        Assert.Equal([("POST", 1)], WriteCounts(harness)); // only s3
        Assert.False(result.State.Connections.ContainsKey("mixpanel"));
    }

    [Fact]
    public async Task A_single_existing_connection_with_the_name_is_adopted_not_duplicated()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var desired = await harness.LoadAsync(Two);
        var existing = await harness.Client.CreateConnectionAsync(desired.Entries["mixpanel"].Connection.ToCreateRequest());
        harness.Host.Journal.Clear();

        var result = await harness.ApplyAsync(Two, RecordedState.Empty);

        Assert.True(result.Succeeded);
        Assert.Equal(existing.Id, result.State.Connections["mixpanel"].Id);
        Assert.Equal(2, harness.Host.GetStoredConnections().Count);
        Assert.Equal([("PATCH", 1), ("POST", 1)], WriteCounts(harness)); // masked password re-written; s3 created
    }

    [Fact]
    public async Task A_partial_failure_records_what_exists_and_the_next_run_finishes()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        // A 400 is a definite "not created": no recovery, the key fails.
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "POST", path: "/connections");

        var first = await harness.ApplyAsync(Two + Third, RecordedState.Empty, harness.Reconciler(new ReconcilerOptions { MaxParallelism = 1 }));

        Assert.Single(first.Errors);
        Assert.Equal(2, first.State.Connections.Count);
        Assert.Equal(first.State.Connections.Values.Select(c => c.Id).Order(), harness.Host.GetStoredConnections().Select(c => c.Id).Order());

        var second = await harness.ApplyAsync(Two + Third, first.State);
        Assert.True(second.Succeeded);
        Assert.Equal(3, second.State.Connections.Count);
        Assert.Equal(3, harness.Host.GetStoredConnections().Count);
    }

    [Fact]
    public async Task An_out_of_band_change_gives_a_clear_412_error_and_refresh_recovers()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Two, RecordedState.Empty)).State;
        var record = state.Connections["mixpanel"];
        await harness.Client.UpdateConnectionAsync(record.Id, record.Etag, [JsonPatchOperation.Replace("/description", "edited by hand")]);
        var yaml = Two.Replace("description: events", "description: wanted", StringComparison.Ordinal);

        var failed = await harness.ApplyAsync(yaml, state);

        var error = Assert.Single(failed.Errors);
        Assert.Contains("changed outside this tool", error.Message, StringComparison.Ordinal);
        Assert.Contains("refresh", error.Message, StringComparison.Ordinal);
        Assert.Equal(record.Etag, failed.State.Connections["mixpanel"].Etag);

        var refreshed = await harness.Reconciler().RefreshAsync(failed.State);
        Assert.Equal(["mixpanel"], refreshed.Drifted);
        var fixedUp = await harness.ApplyAsync(yaml, refreshed.State);
        Assert.True(fixedUp.Succeeded, string.Join("\n", fixedUp.Errors));
        Assert.Equal("wanted", (await harness.Client.GetConnectionAsync(record.Id))!.Description);
    }

    [Fact]
    public async Task Progress_is_reported_for_every_change()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Two + Third), RecordedState.Empty);
        var reports = new List<ReconcileProgress>();

        await reconciler.ApplyAsync(plan, new ProgressLog(reports));

        Assert.Equal(3, reports.Count(r => r.Stage == ProgressStage.Succeeded));
        Assert.Equal(3, reports.Max(r => r.Completed));
        Assert.All(reports, r => Assert.Equal(3, r.Total));
    }

    [Fact]
    public async Task A_cancelled_apply_still_returns_the_state_of_what_finished()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var reconciler = harness.Reconciler(new ReconcilerOptions { MaxParallelism = 1 });
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Two + Third), RecordedState.Empty);
        using var cancellation = new CancellationTokenSource();
        var reports = new List<ReconcileProgress>();

        var result = await reconciler.ApplyAsync(plan, new ProgressLog(reports, r =>
        {
            if (r.Stage == ProgressStage.Succeeded)
            {
                cancellation.Cancel(); // after the first key
            }
        }), cancellation.Token);

        Assert.Single(result.State.Connections);
        Assert.Equal(2, result.Errors.Count);
        Assert.Single(harness.Host.GetStoredConnections());
    }

    private static (string, int)[] WriteCounts(EmulatorHarness harness) =>
        harness.Host.Journal.Writes.GroupBy(w => w.Method).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
}
