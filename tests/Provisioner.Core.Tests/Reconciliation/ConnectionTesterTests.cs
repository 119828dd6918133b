namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>Which keys a test after apply covers, and how test results and unknown keys are worded for every host.</summary>
public sealed class ConnectionTesterTests
{
    private const string Two = """
        connections:
          a:
            name: Tested A
            source: mixpanel
            auth:
              specName: Basic Authentication
              params: { host: h, username: u, password: { secret: mixpanelPassword } }
          b:
            name: Tested B
            source: mixpanel
            auth:
              specName: Basic Authentication
              params: { host: h, username: u, password: { secret: mixpanelPassword } }
        """;

    private static RecordedState State(params string[] keys) => RecordedState.From(keys.Select(k => KeyValuePair.Create(k,
        new RecordedConnection("id-" + k, "\"e\"", new DesiredConnection("n-" + k, null, new ConnectionSpecRef(TestCatalog.MixpanelId), null, []),
            new HashSet<string>()))));

    private static KeyTestResult Result(string key, ConnectionTestOutcome outcome, string? reason = null) =>
        new(key, "n-" + key, new ConnectionTestResult("id-" + key, outcome, reason));

    [Fact]
    public async Task An_apply_that_only_deleted_tests_nothing_rather_than_re_checking_everything()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = await harness.ApplyAsync(Two, RecordedState.Empty);
        var onlyA = Two[..Two.IndexOf("  b:", StringComparison.Ordinal)];

        var deleted = await harness.ApplyAsync(onlyA, first.State);

        Assert.Equal([ConnectionAction.Delete], deleted.Applied.Select(a => a.Action));
        Assert.Empty(ConnectionTester.KeysToTestAfter(deleted));
    }

    [Fact]
    public void Failed_tests_are_summed_up_in_key_order_each_with_its_reason()
    {
        var results = new[]
        {
            Result("a", ConnectionTestOutcome.Rejected, "bad password"),
            Result("b", ConnectionTestOutcome.Passed),
            Result("c", ConnectionTestOutcome.Rejected, "bad host"),
        };

        Assert.Equal("2 of 3 connection test(s) failed: a: failed: bad password; c: failed: bad host", ConnectionTester.FailureSummary(results));
        Assert.True(results[1].Passed);
        Assert.False(results[0].Passed);
        Assert.Null(ConnectionTester.FailureSummary([]));
    }

    [Fact]
    public void Unknown_keys_are_named_once_each_with_the_recorded_keys_to_choose_from()
    {
        Assert.Equal("no recorded connection with key 'x', 'y'; recorded keys: a, b",
            ConnectionTester.UnknownKeys(State("b", "a"), ["x", "a", "y", "x"]));
    }

    [Fact]
    public void Unknown_keys_of_an_empty_state_say_that_nothing_is_recorded_yet()
    {
        Assert.Equal("no recorded connection with key 'x'; nothing is recorded yet (run apply first)",
            ConnectionTester.UnknownKeys(RecordedState.Empty, ["x"]));
    }

    [Fact]
    public async Task Testing_an_unknown_key_is_refused_before_any_test_runs()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ConnectionTester.TestAsync(harness.Client, State("a"), ["a", "nope"], maxParallelism: 2));

        Assert.Equal("no recorded connection with key 'nope'; recorded keys: a", error.Message);
        Assert.DoesNotContain(harness.Host.Journal.Entries, e => e.Path.EndsWith("/test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_chosen_keys_are_tested_once_each_even_with_a_parallelism_below_one()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var applied = await harness.ApplyAsync(Two, RecordedState.Empty);

        var results = await ConnectionTester.TestAsync(harness.Client, applied.State, ["b", "b"], maxParallelism: 0);

        var only = Assert.Single(results);
        Assert.Equal(("b", "Tested B", applied.State.Connections["b"].Id, true), (only.Key, only.Name, only.Result.ConnectionId, only.Passed));
    }

    [Fact]
    public async Task A_cancelled_test_run_stops_before_testing()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var applied = await harness.ApplyAsync(Two, RecordedState.Empty);
        harness.Host.Journal.Clear();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ConnectionTester.TestAsync(harness.Client, applied.State, keys: null, maxParallelism: 2, new CancellationToken(true)));

        Assert.Empty(harness.Host.Journal.Entries);
    }
}
