namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>What plan and apply make of the service's answers, through the reconciler's public API against the
/// emulator: lookups that fail or cannot share a request, creates whose answer was lost or cut off, adoptions of a
/// connection that is identical, lacks auth or vanished, and the result's own summary.</summary>
public sealed class ReconcilerOutcomeTests
{
    private static string Mixpanel(string key, string name) => $$"""
          {{key}}:
            name: "{{name}}"
            source: mixpanel
            auth: { specName: Basic Authentication, params: { host: h, username: u, password: { secret: mixpanelPassword } } }

        """;

    private const string DataLandingZone = """
        connections:
          dlz:
            name: DLZ
            description: exports
            destination: data-landing-zone
        """;

    private static CreateConnectionRequest MixpanelRequest(string name) =>
        new(name, null, new ConnectionSpecRef(TestCatalog.MixpanelId), new ConnectionAuth("Basic Authentication", new JsonObject { ["host"] = "h", ["username"] = "u", ["password"] = "p" }));

    private static ReconcilerOptions Options(CreatePolicy policy = CreatePolicy.AdoptSingleMatch) =>
        new() { MaxParallelism = 1, CreatePolicy = policy, SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) };

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_parallelism_below_one_is_refused(int parallelism)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionReconciler(new InterceptingClient(null!), new ReconcilerOptions { MaxParallelism = parallelism }));
        Assert.StartsWith("MaxParallelism must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_cannot_share_a_list_request_is_still_looked_up_alone_and_adopted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var shared = await harness.Client.CreateConnectionAsync(MixpanelRequest("Plain"));
        var alone = await harness.Client.CreateConnectionAsync(MixpanelRequest("Sales, EU"));
        var reconciler = harness.Reconciler(Options());

        var plan = await reconciler.PlanAsync(await harness.LoadAsync("connections:\n" + Mixpanel("a", "Plain") + Mixpanel("b", "Sales, EU")), RecordedState.Empty);

        Assert.Equal([(ConnectionAction.Adopt, shared.Id), (ConnectionAction.Adopt, alone.Id)],
            plan.Changes.Select(c => (c.Action, ((PlannedChange.Adopt)c).Existing.Id)));
    }

    [Fact]
    public async Task A_lookup_the_service_refuses_stays_with_its_key_as_a_refusal()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, 400, "GET", "/connections");
        var reconciler = harness.Reconciler(Options());

        var plan = await reconciler.PlanAsync(await harness.LoadAsync("connections:\n" + Mixpanel("a", "A")), RecordedState.Empty);

        var refused = Assert.IsType<PlannedChange.Refused>(Assert.Single(plan.Changes));
        Assert.Equal(ConnectionAction.Create, refused.Intended);
        Assert.StartsWith("could not look up connections named 'A': ", refused.Reason, StringComparison.Ordinal);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public async Task Refused_credentials_during_the_lookup_stop_the_plan()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(5, 403, "GET", "/connections");
        var reconciler = harness.Reconciler(Options());
        var desired = await harness.LoadAsync("connections:\n" + Mixpanel("a", "A"));

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => reconciler.PlanAsync(desired, RecordedState.Empty));

        Assert.True(error.IsAuthenticationFailure);
    }

    [Fact]
    public void A_key_without_a_name_lookup_is_refused_never_created_blindly()
    {
        var entry = new DesiredEntry("a", new DesiredConnection("A", null, new ConnectionSpecRef(TestCatalog.MixpanelId), null, []), new HashSet<string>());

        var plan = Planner.Decide(DesiredConnectionSet.From([entry]), RecordedState.Empty, new Dictionary<string, NameLookup>(), Options());

        Assert.Equal("no name lookup was made", Assert.IsType<PlannedChange.Refused>(Assert.Single(plan.Changes)).Reason);
    }

    [Fact]
    public async Task A_planned_create_shows_every_input_as_changed()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var plan = await harness.Reconciler(Options()).PlanAsync(await harness.LoadAsync("connections:\n" + Mixpanel("a", "A")), RecordedState.Empty);

        Assert.Equal(["*"], Assert.Single(plan.Changes).ChangedPaths);
    }

    [Fact]
    public async Task A_create_beside_a_same_named_connection_whose_answer_was_lost_records_the_new_one()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var existing = await harness.Client.CreateConnectionAsync(MixpanelRequest("A"));
        var reconciler = harness.Reconciler(Options(CreatePolicy.NeverAdopt));
        var plan = await reconciler.PlanAsync(await harness.LoadAsync("connections:\n" + Mixpanel("a", "A")), RecordedState.Empty);
        harness.Host.Faults.DropResponseAfterCommit(count: 1);

        var result = await reconciler.ApplyAsync(plan);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var created = Assert.Single(harness.Host.GetStoredConnections(), c => c.Id != existing.Id);
        Assert.Equal(created.Id, result.State.Connections["a"].Id);
        Assert.True(Assert.Single(result.Applied).RecoveredLostCreate);
    }

    [Fact]
    public async Task A_create_cut_off_after_the_service_committed_it_is_recorded_as_recovered()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var reconciler = new ConnectionReconciler(InterceptingClient.CancelledAfterCommit(harness.Client), Options());
        var plan = await reconciler.PlanAsync(await harness.LoadAsync("connections:\n" + Mixpanel("a", "A")), RecordedState.Empty);

        var result = await reconciler.ApplyAsync(plan);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var stored = Assert.Single(harness.Host.GetStoredConnections());
        Assert.Equal((stored.Id, stored.Etag), (result.State.Connections["a"].Id, result.State.Connections["a"].Etag));
        Assert.Equal((ConnectionAction.Create, true), (result.Applied[0].Action, result.Applied[0].RecoveredLostCreate));
    }

    [Fact]
    public async Task An_unknown_outcome_among_plain_failures_marks_the_whole_result_unknown()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var posts = 0;
        var client = new InterceptingClient(harness.Client)
        {
            // a: cut off on our side, nothing found yet; b: a definite refusal.
            AroundCreate = _ => ++posts == 1
                ? throw new OperationCanceledException()
                : throw new FlowServiceException("POST /connections failed: HTTP 400") { StatusCode = System.Net.HttpStatusCode.BadRequest },
        };
        var reconciler = new ConnectionReconciler(client, Options());
        var plan = await reconciler.PlanAsync(await harness.LoadAsync("connections:\n" + Mixpanel("a", "A") + Mixpanel("b", "B")), RecordedState.Empty);

        var result = await reconciler.ApplyAsync(plan);

        Assert.Equal([("a", true), ("b", false)], result.Errors.Select(e => (e.Key, e.OutcomeUnknown)));
        Assert.True(result.OutcomeUnknown);
        Assert.StartsWith("a: create failed: creating connection 'A' was interrupted after the request was sent (cancelled; ", result.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("b: create failed: POST /connections failed: HTTP 400", result.Errors[1].ToString());
    }

    [Fact]
    public async Task Several_new_same_named_connections_after_a_lost_answer_leave_the_outcome_unknown_and_say_what_to_do()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        string? other = null;
        var client = new InterceptingClient(harness.Client)
        {
            AroundCreate = async send =>
            {
                await send();
                other = (await harness.Client.CreateConnectionAsync(MixpanelRequest("A"))).Id; // someone else, same name, same moment
                throw new FlowServiceException("POST /connections failed: connection reset") { MayHaveCommitted = true };
            },
        };
        var reconciler = new ConnectionReconciler(client, Options());
        var plan = await reconciler.PlanAsync(await harness.LoadAsync("connections:\n" + Mixpanel("a", "A")), RecordedState.Empty);

        var result = await reconciler.ApplyAsync(plan);

        var error = Assert.Single(result.Errors);
        Assert.True(error.OutcomeUnknown);
        var ids = harness.Host.GetStoredConnections().Select(c => c.Id).ToArray();
        Assert.Contains(other, ids);
        Assert.Equal($"create failed: the service did not answer the create of 'A', and 2 new connections with this name appeared ({string.Join(", ", ids)}); "
            + "one of them may be this create's. Keep one and delete the others: the CLI and a connection set adopt the one left by name on "
            + "their next run; for a single Pulumi resource, `pulumi import aep:flowservice:BaseConnection <resource-name> <id>` it", error.Message);
        Assert.Empty(result.State.Connections);
    }

    [Fact]
    public async Task Adopting_an_identical_connection_without_auth_sends_no_patch()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var existing = await harness.Client.CreateConnectionAsync(new CreateConnectionRequest("DLZ", "exports",
            new ConnectionSpecRef(SourceCatalog.Aliases["data-landing-zone"]), null));
        var reconciler = harness.Reconciler(Options());

        var result = await reconciler.ApplyAsync(await reconciler.PlanAsync(await harness.LoadAsync(DataLandingZone), RecordedState.Empty));

        Assert.Equal([(ConnectionAction.Adopt, existing.Id, existing.Etag)], result.Applied.Select(a => (a.Action, a.Id, a.Etag)));
        Assert.Equal(0, harness.Writes("PATCH"));
    }

    [Fact]
    public async Task Adopting_a_connection_deleted_after_the_plan_says_it_is_gone()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var existing = await harness.Client.CreateConnectionAsync(MixpanelRequest("A"));
        var reconciler = harness.Reconciler(Options());
        var plan = await reconciler.PlanAsync(await harness.LoadAsync("connections:\n" + Mixpanel("a", "A")), RecordedState.Empty);
        await harness.Client.DeleteConnectionAsync(existing.Id);

        var result = await reconciler.ApplyAsync(plan);

        Assert.Equal($"a: adopt failed: connection {existing.Id} no longer exists on the service (deleted outside this tool); the next run creates it again "
            + "(a single Pulumi resource: run `pulumi refresh` first to drop it from the stack)", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public async Task Keys_gone_from_the_service_are_listed_in_key_order()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync("connections:\n" + Mixpanel("b", "B") + Mixpanel("a", "A") + Mixpanel("c", "C"), RecordedState.Empty)).State;
        await harness.Client.DeleteConnectionAsync(state.Connections["b"].Id);
        await harness.Client.DeleteConnectionAsync(state.Connections["a"].Id);

        var refreshed = await harness.Reconciler().RefreshAsync(state);

        Assert.Equal(["a", "b"], refreshed.Gone);
    }
}
