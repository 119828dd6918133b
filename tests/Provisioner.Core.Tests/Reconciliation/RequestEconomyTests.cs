using Provisioner.FlowService.Batching;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>What plan, apply and refresh cost in requests (issue 11), counted by the emulator's journal.</summary>
public sealed class RequestEconomyTests
{
    private const string Connections = "/data/foundation/flowservice/connections";

    private static string Yaml(int count, string prefix = "conn") => "connections:\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"""
          k{i}:
            name: {prefix}-{i}
            source: mixpanel
            auth: {"{"} specName: Basic Authentication, params: {"{"} host: h, username: u, password: {"{"} secret: mixpanelPassword {"}"} {"}"} {"}"}

        """));

    private static int Batches(int count, int perRequest) => (count + perRequest - 1) / perRequest;

    [Fact]
    public async Task N_new_keys_cost_N_posts_and_one_lookup_per_batch_of_names()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var desired = await harness.LoadAsync(Yaml(45)); // spec reads happen here, once per distinct spec
        harness.Host.Journal.Clear();
        var reconciler = harness.Reconciler();

        var result = await reconciler.ApplyAsync(await reconciler.PlanAsync(desired, RecordedState.Empty));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var flow = harness.Host.Journal.Entries.Where(e => e.Path.StartsWith(Connections, StringComparison.Ordinal)).ToArray();
        Assert.Equal(45, flow.Count(e => e.Method == "POST"));
        Assert.Equal(Batches(45, ConnectionNameFilter.MaxNamesPerRequest), flow.Count(e => e.Method == "GET"));
        Assert.Equal(45 + Batches(45, ConnectionNameFilter.MaxNamesPerRequest), flow.Length);
        Assert.Equal(45, harness.Host.GetStoredConnections().Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public async Task A_plan_older_than_its_bound_looks_each_name_up_again_and_adopts_what_appeared_meanwhile()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var desired = await harness.LoadAsync(Yaml(3));
        var reconciler = harness.Reconciler(new ReconcilerOptions
        {
            SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]),
            PlanLookupValidity = TimeSpan.Zero, // every plan is already too old
        });
        var plan = await reconciler.PlanAsync(desired, RecordedState.Empty);
        // Someone creates k1's connection between plan and apply.
        var meanwhile = await harness.Client.CreateConnectionAsync(desired.Entries["k1"].Connection.ToCreateRequest());
        harness.Host.Journal.Clear();

        var result = await reconciler.ApplyAsync(plan);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(meanwhile.Id, result.State.Connections["k1"].Id);
        Assert.Equal(3, harness.Host.GetStoredConnections().Count);
        Assert.Equal(2, harness.Host.Journal.Matching("POST", Connections).Count);
        Assert.Equal(3, harness.Host.Journal.Matching("GET", Connections).Count); // one lookup per key
    }

    [Fact]
    public async Task Refresh_of_N_costs_one_list_request_per_batch_of_ids_and_finds_an_out_of_band_delete()
    {
        const int n = 120;
        await using var harness = await EmulatorHarness.StartAsync();
        var reconciler = harness.Reconciler();
        var applied = await harness.ApplyAsync(Yaml(n), RecordedState.Empty, reconciler);
        Assert.True(applied.Succeeded, string.Join("\n", applied.Errors));
        Assert.True(await harness.Client.DeleteConnectionAsync(applied.State.Connections["k17"].Id));
        harness.Host.Journal.Clear();

        var refreshed = await reconciler.RefreshAsync(applied.State);

        Assert.Equal(["k17"], refreshed.Gone);
        Assert.Empty(refreshed.Drifted);
        Assert.Equal(n - 1, refreshed.State.Connections.Count);
        var requests = harness.Host.Journal.Entries.Where(e => e.Path.StartsWith(Connections, StringComparison.Ordinal)).ToArray();
        Assert.All(requests, r => Assert.Equal(Connections, r.Path)); // list requests only, no single GETs
        Assert.Equal(Batches(n, ConnectionReads.MaxIdsPerRequest), requests.Length);
        Assert.All(requests, r => Assert.Contains("property=id%3D%3D", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rate_limited_apply_completes_without_errors_or_duplicates()
    {
        const int n = 60;
        await using var harness = await EmulatorHarness.StartAsync();
        var desired = await harness.LoadAsync(Yaml(n));
        harness.Host.Journal.Clear();
        harness.Host.Faults.LimitRate(requestsPerSecond: 40, burst: 5);
        var reconciler = harness.Reconciler(new ReconcilerOptions { MaxParallelism = 8, SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]) });

        var result = await reconciler.ApplyAsync(await reconciler.PlanAsync(desired, RecordedState.Empty));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.True(harness.Host.Faults.Rules.Single().Fired > 0, "the limit was never hit: the test proves nothing");
        var stored = harness.Host.GetStoredConnections();
        Assert.Equal(n, stored.Count);
        Assert.Equal(n, stored.Select(c => c.Name).Distinct().Count());
        Assert.Equal(result.State.Connections.Values.Select(c => c.Id).Order(), stored.Select(c => c.Id).Order());
        Assert.Equal(n, harness.Host.Journal.Matching("POST", Connections).Count(e => e.Status == 201));
    }
}
