namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>Refresh against the emulator (gone and drifted keys, secrets kept) and the offline plan a preview shows.</summary>
public sealed class ReconcilerRefreshTests
{
    private const string Yaml = """
        connections:
          a:
            name: A
            description: first
            source: mixpanel
            auth: { specName: Basic Authentication, params: { host: h, username: u, password: { secret: mixpanelPassword } } }
          b:
            name: B
            source: mixpanel
            auth: { specName: Basic Authentication, params: { host: h, username: u, password: { secret: mixpanelPassword } } }
          c:
            name: C
            source: mixpanel
            auth: { specName: Basic Authentication, params: { host: h, username: u, password: { secret: mixpanelPassword } } }
        """;

    [Fact]
    public async Task Refresh_drops_gone_keys_reports_drift_sorted_and_keeps_recorded_secrets()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Yaml, RecordedState.Empty)).State;
        var (a, b, c) = (state.Connections["a"], state.Connections["b"], state.Connections["c"]);
        await harness.Client.DeleteConnectionAsync(b.Id);
        await harness.Client.UpdateConnectionAsync(c.Id, c.Etag, [JsonPatchOperation.Replace("/auth/params/host", "edited")]);
        await harness.Client.UpdateConnectionAsync(a.Id, a.Etag, [JsonPatchOperation.Remove("/description")]);

        var refreshed = await harness.Reconciler().RefreshAsync(state);

        Assert.Equal(["b"], refreshed.Gone);
        Assert.Equal(["a", "c"], refreshed.Drifted);
        Assert.Equal(["a", "c"], refreshed.State.Connections.Keys);
        var liveC = (await harness.Client.GetConnectionAsync(c.Id))!;
        Assert.Equal(liveC.Etag, refreshed.State.Connections["c"].Etag);
        Assert.Equal("edited", refreshed.State.Connections["c"].Inputs.Params["host"]!.GetValue<string>());
        Assert.Equal(c.Inputs.Params["password"]!.ToJsonString(), refreshed.State.Connections["c"].Inputs.Params["password"]!.ToJsonString());
        Assert.Null(refreshed.State.Connections["a"].Inputs.Description);
        Assert.Equal(c.SecretParams, refreshed.State.Connections["c"].SecretParams);
    }

    [Fact]
    public async Task Refresh_of_an_unchanged_state_reports_nothing()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var state = (await harness.ApplyAsync(Yaml, RecordedState.Empty)).State;

        var refreshed = await harness.Reconciler().RefreshAsync(state);

        Assert.Empty(refreshed.Gone);
        Assert.Empty(refreshed.Drifted);
        Assert.Equal(state.Connections.Select(s => (s.Key, s.Value.Id, s.Value.Etag)), refreshed.State.Connections.Select(s => (s.Key, s.Value.Id, s.Value.Etag)));
    }

    [Fact]
    public async Task The_offline_plan_decides_recorded_keys_as_apply_does_and_shows_new_keys_as_creates()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var desired = await harness.LoadAsync(Yaml);
        var applied = (await harness.ApplyAsync(Yaml.Replace("description: first", "description: old", StringComparison.Ordinal), RecordedState.Empty)).State;
        var recorded = RecordedState.From(applied.Connections.Where(c => c.Key != "c"));
        harness.Host.Journal.Clear();

        var offline = Planner.PlanOffline(desired, recorded, new ReconcilerOptions { SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) });

        Assert.Empty(harness.Host.Journal.Entries);
        Assert.Equal([("a", ConnectionAction.Update), ("b", ConnectionAction.NoOp), ("c", ConnectionAction.Create)],
            offline.Changes.Select(c => (c.Key, c.Action)));
        Assert.True(offline.HasChanges);
        Assert.Equal(1, offline.Count(ConnectionAction.Create));
        Assert.Empty(offline.Errors);
    }
}
