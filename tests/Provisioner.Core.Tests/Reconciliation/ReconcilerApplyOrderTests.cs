using Microsoft.Extensions.Time.Testing;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>What apply reports and in which order (progress events per key, applied changes and errors sorted by
/// key), and what it does when the service changed between plan and apply.</summary>
public sealed class ReconcilerApplyOrderTests
{
    private static string Yaml(params string[] keys) => "connections:\n" + string.Concat(keys.Select(k => $$"""
          {{k}}:
            name: conn-{{k}}
            source: mixpanel
            auth: { specName: Basic Authentication, params: { host: h, username: u, password: { secret: mixpanelPassword } } }

        """));

    private static string S3(string key) => $$"""
        connections:
          {{key}}:
            name: conn-{{key}}
            source: amazon-s3
            auth: { specName: Access Key, params: { s3AccessKey: AK, s3SecretKey: { secret: s3LandingSecretKey } } }
        """;

    [Fact]
    public async Task Each_key_reports_started_then_succeeded_with_a_running_count()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var reconciler = harness.Reconciler(new ReconcilerOptions { MaxParallelism = 1, SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) });
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Yaml("a", "b")), RecordedState.Empty);
        var reports = new List<ReconcileProgress>();

        await reconciler.ApplyAsync(plan, new ProgressLog(reports));

        Assert.Equal(
        [
            new ReconcileProgress("a", ConnectionAction.Create, ProgressStage.Started, 0, 2),
            new ReconcileProgress("a", ConnectionAction.Create, ProgressStage.Succeeded, 1, 2),
            new ReconcileProgress("b", ConnectionAction.Create, ProgressStage.Started, 1, 2),
            new ReconcileProgress("b", ConnectionAction.Create, ProgressStage.Succeeded, 2, 2),
        ], reports);
    }

    [Fact]
    public async Task A_failing_key_reports_failed_with_its_message_and_counts_as_completed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, 400, "POST", "/connections");
        var reconciler = harness.Reconciler(new ReconcilerOptions { MaxParallelism = 1, SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) });
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Yaml("a", "b")), RecordedState.Empty);
        var reports = new List<ReconcileProgress>();

        var result = await reconciler.ApplyAsync(plan, new ProgressLog(reports));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("a", ConnectionAction.Create), (error.Key, error.Action));
        Assert.StartsWith("create failed: ", error.Message, StringComparison.Ordinal);
        Assert.False(error.OutcomeUnknown);
        Assert.False(error.NotStarted);
        Assert.Equal(
        [
            ("a", ProgressStage.Started, 0, null),
            ("a", ProgressStage.Failed, 1, error.Message),
            ("b", ProgressStage.Started, 1, null),
            ("b", ProgressStage.Succeeded, 2, null),
        ], reports.Select(r => (r.Key, r.Stage, r.Completed, r.Error)));
    }

    [Fact]
    public async Task Applied_changes_and_errors_come_sorted_by_key_whatever_order_they_finished_in()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(3, 400, "POST", "/connections");
        var reconciler = harness.Reconciler(new ReconcilerOptions { MaxParallelism = 1, SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) });
        var keys = new[] { "a", "b", "c", "d", "e", "f" };

        var result = await reconciler.ApplyAsync(await reconciler.PlanAsync(await harness.LoadAsync(Yaml(keys)), RecordedState.Empty));

        Assert.Equal(["a", "b", "c"], result.Errors.Select(e => e.Key));
        Assert.Equal(["d", "e", "f"], result.Applied.Select(a => a.Key));
        Assert.All(result.Applied, a => Assert.Equal(ConnectionAction.Create, a.Action));
        Assert.Equal(["d", "e", "f"], result.State.Connections.Keys);
        Assert.Equal(result.State.Connections.Values.Select(c => (c.Id, c.Etag)), result.Applied.Select(a => (a.Id!, a.Etag!)));
    }

    [Fact]
    public async Task A_key_the_plan_could_not_decide_is_reported_failed_without_being_started()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var desired = await harness.LoadAsync(Yaml("a", "b"));
        await harness.Client.CreateConnectionAsync(desired.Entries["a"].Connection.ToCreateRequest());
        await harness.Client.CreateConnectionAsync(desired.Entries["a"].Connection.ToCreateRequest());
        var reconciler = harness.Reconciler(new ReconcilerOptions { MaxParallelism = 1, SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) });
        var plan = await reconciler.PlanAsync(desired, RecordedState.Empty);
        var reports = new List<ReconcileProgress>();

        var result = await reconciler.ApplyAsync(plan, new ProgressLog(reports));

        var error = Assert.Single(result.Errors);
        Assert.Equal("a", error.Key);
        Assert.Contains("2 connections on the service are named 'conn-a'", error.Message, StringComparison.Ordinal);
        Assert.Equal([("a", ProgressStage.Failed), ("b", ProgressStage.Started), ("b", ProgressStage.Succeeded)], reports.Select(r => (r.Key, r.Stage)));
        Assert.Equal(error.Message, reports[0].Error);
    }

    [Fact]
    public async Task Keys_not_started_after_a_stop_are_marked_not_started_and_report_no_progress()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var reconciler = harness.Reconciler(new ReconcilerOptions { MaxParallelism = 1, SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) });
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Yaml("a", "b", "c")), RecordedState.Empty);
        using var stop = new CancellationTokenSource();
        var reports = new List<ReconcileProgress>();

        var result = await reconciler.ApplyAsync(plan, new ProgressLog(reports, r =>
        {
            if (r.Stage == ProgressStage.Succeeded)
            {
                stop.Cancel();
            }
        }), stop.Token, CancellationToken.None);

        Assert.Equal(["a"], result.State.Connections.Keys);
        Assert.Equal(["b", "c"], result.Errors.Select(e => e.Key));
        Assert.All(result.Errors, e =>
        {
            Assert.True(e.NotStarted);
            Assert.False(e.OutcomeUnknown);
            Assert.Equal("cancelled before it started; the next run will do it", e.Message);
        });
        Assert.Equal(["a"], reports.Select(r => r.Key).Distinct());
    }

    [Fact]
    public async Task Deleting_and_forgetting_removed_keys_are_applied_and_reported()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Yaml("a", "b", "c"), RecordedState.Empty)).State;

        var deleted = await harness.ApplyAsync(Yaml("a", "b"), state);
        Assert.Equal([new AppliedChange("c", ConnectionAction.Delete, null, null)], deleted.Applied);
        Assert.Null(await harness.Client.GetConnectionAsync(state.Connections["c"].Id));

        var forgetting = harness.Reconciler(new ReconcilerOptions { RetainRemoved = true, SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) });
        var forgotten = await harness.ApplyAsync(Yaml("a"), deleted.State, forgetting);
        Assert.Equal([new AppliedChange("b", ConnectionAction.Forget, null, null)], forgotten.Applied);
        Assert.Equal(["a"], forgotten.State.Connections.Keys);
        Assert.NotNull(await harness.Client.GetConnectionAsync(state.Connections["b"].Id));
    }

    [Fact]
    public async Task A_replace_deletes_then_creates_and_records_the_new_connection()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Yaml("a"), RecordedState.Empty)).State;
        var before = state.Connections["a"].Id;
        var changed = S3("a");

        var result = await harness.ApplyAsync(changed, state);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var applied = Assert.Single(result.Applied);
        Assert.Equal(ConnectionAction.Replace, applied.Action);
        Assert.NotEqual(before, applied.Id);
        Assert.Null(await harness.Client.GetConnectionAsync(before));
        Assert.Equal(applied.Id, result.State.Connections["a"].Id);
        Assert.Equal("Access Key", result.State.Connections["a"].Inputs.AuthSpecName);
    }

    [Fact]
    public async Task A_connection_deleted_behind_our_back_is_dropped_from_state_on_update()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Yaml("a"), RecordedState.Empty)).State;
        await harness.Client.DeleteConnectionAsync(state.Connections["a"].Id);

        var result = await harness.ApplyAsync(Yaml("a").Replace("username: u", "username: v", StringComparison.Ordinal), state);

        var error = Assert.Single(result.Errors);
        Assert.Equal($"update failed: {ReconcileMessages.Gone(state.Connections["a"].Id)}", error.Message);
        Assert.StartsWith($"connection {state.Connections["a"].Id} no longer exists on the service (deleted outside this tool); the next run creates it again", ReconcileMessages.Gone(state.Connections["a"].Id), StringComparison.Ordinal);
        Assert.Empty(result.State.Connections);
    }

    [Fact]
    public async Task A_connection_that_appeared_between_plan_and_apply_is_adopted_not_duplicated()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var aging = new AgingPlans(harness);
        var (plan, appeared) = await aging.PlanThenAppearAsync(Yaml("a"), appearing: Yaml("a"));
        harness.Host.Journal.Clear();

        var result = await aging.ApplyLateAsync(plan);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(appeared.Id, result.State.Connections["a"].Id);
        Assert.Equal(ConnectionAction.Adopt, Assert.Single(result.Applied).Action);
        Assert.Single(harness.Host.GetStoredConnections());
        Assert.DoesNotContain(harness.Host.Journal.Writes, w => w.Method == "POST");
    }

    [Fact]
    public async Task A_connection_recorded_under_another_key_is_never_adopted_at_apply_time()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var aging = new AgingPlans(harness);
        var reconciler = aging.Reconciler;
        var state = (await harness.ApplyAsync(Yaml("a"), RecordedState.Empty, reconciler)).State;
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Yaml("a", "b")), state);
        // Between plan and apply, a's connection is renamed (out of band) to the name b wants.
        var a = state.Connections["a"];
        await harness.Client.UpdateConnectionAsync(a.Id, a.Etag, [JsonPatchOperation.Replace("/name", "conn-b")]);

        var result = await aging.ApplyLateAsync(plan);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(a.Id, result.State.Connections["a"].Id);
        Assert.NotEqual(a.Id, result.State.Connections["b"].Id);
        Assert.Equal(2, harness.Host.GetStoredConnections().Count);
    }

    [Fact]
    public async Task A_connection_appearing_at_apply_time_with_another_auth_type_is_refused()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var aging = new AgingPlans(harness);
        var (plan, appeared) = await aging.PlanThenAppearAsync(Yaml("a"), appearing: S3("a"));

        var result = await aging.ApplyLateAsync(plan);

        var error = Assert.Single(result.Errors);
        Assert.Equal($"create failed: a connection named 'conn-a' already exists (id {appeared.Id}) but differs in connectionSpec.id, auth.specName, which cannot be changed in place; it is not adopted: rename the definition or delete that connection", error.Message);
        Assert.Empty(result.State.Connections);
    }

    /// <summary>A reconciler on a fake clock, so a test can apply a plan whose lookup is too old to trust.</summary>
    private sealed class AgingPlans(EmulatorHarness harness)
    {
        private readonly FakeTimeProvider _time = new();

        public ConnectionReconciler Reconciler => field ??= harness.Reconciler(
            new ReconcilerOptions { TimeProvider = _time, SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) });

        /// <summary>Plans <paramref name="planned"/> on an empty state; then, before apply, someone else creates the connection
        /// of entry <c>a</c> as <paramref name="appearing"/> writes it.</summary>
        public async Task<(ReconcilePlan Plan, ConnectionRef Appeared)> PlanThenAppearAsync(string planned, string appearing)
        {
            var plan = await Reconciler.PlanAsync(await harness.LoadAsync(planned), RecordedState.Empty);
            var appeared = await harness.Client.CreateConnectionAsync((await harness.LoadAsync(appearing)).Entries["a"].Connection.ToCreateRequest());
            return (plan, appeared);
        }

        /// <summary>Applies <paramref name="plan"/> once its lookup has aged past the validity: apply looks again.</summary>
        public Task<ApplyResult> ApplyLateAsync(ReconcilePlan plan)
        {
            _time.Advance(ReconcilerOptions.DefaultPlanLookupValidity);
            return Reconciler.ApplyAsync(plan);
        }
    }
}
