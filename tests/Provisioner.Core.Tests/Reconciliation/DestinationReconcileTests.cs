namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>Sources and destinations in one file, reconciled and tested against the emulator over loopback, with the
/// specs read from it (isDestination decides the kind).</summary>
public sealed class DestinationReconcileTests
{
    // The repo's example (mixpanel, s3-export, dlz-export) plus a destination named by spec id alone.
    private static readonly string Mixed = EmulatorHarness.DestinationsExampleFile() + """

          sftp-by-id:
            name: SFTP export
            connectionSpec: { id: 36965a81-b1c6-401b-99f8-22508f1e6a26 }
            auth:
              specName: SFTP with Password
              params: { domain: sftp.example.com, username: u, password: { secret: salesforcePassword } }
        """;

    [Fact]
    public async Task Sources_and_destinations_apply_once_carry_their_kind_and_a_second_apply_writes_nothing()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var first = await harness.ApplyAsync(Mixed, RecordedState.Empty);

        Assert.True(first.Succeeded, string.Join("\n", first.Errors));
        var kinds = first.State.Connections.ToDictionary(c => c.Key, c => c.Value.Inputs.Kind);
        Assert.Equal(ConnectionKind.Source, kinds["mixpanel"]);
        Assert.Equal(ConnectionKind.Destination, kinds["s3-export"]);
        Assert.Equal(ConnectionKind.Destination, kinds["dlz-export"]);
        Assert.Equal(ConnectionKind.Destination, kinds["sftp-by-id"]);
        Assert.Null(first.State.Connections["dlz-export"].Inputs.AuthSpecName);
        Assert.Equal(4, harness.Writes("POST"));

        var second = await harness.ApplyAsync(Mixed, first.State);
        Assert.True(second.Succeeded);
        Assert.Empty(second.Applied);
        Assert.Equal(4, harness.Writes("POST"));
        Assert.Equal(0, harness.Writes("PATCH"));
    }

    [Fact]
    public async Task Recorded_state_round_trips_kind_and_a_connection_without_auth()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var applied = await harness.ApplyAsync(Mixed, RecordedState.Empty);

        var json = RecordedStateJson.ToJson(applied.State);
        var back = RecordedStateJson.FromJson(json);

        Assert.Null(json["dlz-export"]!["inputs"]!["auth"]);
        Assert.Equal("destination", (string?)json["s3-export"]!["inputs"]!["kind"]);
        Assert.Equal(applied.State.Connections.Select(c => (c.Key, c.Value.Inputs.Kind, c.Value.Inputs.AuthSpecName)),
            back.Connections.Select(c => (c.Key, c.Value.Inputs.Kind, c.Value.Inputs.AuthSpecName)));
        var refreshed = await harness.Reconciler().RefreshAsync(back);
        Assert.Empty(refreshed.Drifted);
        Assert.Equal(ConnectionKind.Destination, refreshed.State.Connections["dlz-export"].Inputs.Kind);
    }

    [Fact]
    public async Task State_written_before_destinations_existed_reads_as_sources()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse("""
            {"m":{"id":"i","etag":"\"e\"","secretParams":[],"inputs":{"name":"M","connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb","version":"1.0"},
             "auth":{"specName":"Basic Authentication","params":{"host":"h"}}}}}
            """)!.AsObject();
        var state = RecordedStateJson.FromJson(json);
        Assert.Equal(ConnectionKind.Source, state.Connections["m"].Inputs.Kind);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Tests_after_apply_cover_what_the_run_wrote_and_report_rejected_and_deleted_connections()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var first = await harness.ApplyAsync(Mixed, RecordedState.Empty);
        Assert.Equal(["dlz-export", "mixpanel", "s3-export", "sftp-by-id"], ConnectionTester.KeysToTestAfter(first));

        var renamed = Mixed.Replace("name: S3 audience exports", "name: S3 audience exports renamed", StringComparison.Ordinal);
        var second = await harness.ApplyAsync(renamed, first.State);
        Assert.Equal(["s3-export"], ConnectionTester.KeysToTestAfter(second));
        var unchanged = await harness.ApplyAsync(renamed, second.State);
        Assert.Empty(unchanged.Applied);
        Assert.Equal(["dlz-export", "mixpanel", "s3-export", "sftp-by-id"], ConnectionTester.KeysToTestAfter(unchanged)); // a re-check tests all

        harness.Host.RejectCredentials(second.State.Connections["s3-export"].Id);
        await harness.Client.DeleteConnectionAsync(second.State.Connections["mixpanel"].Id);
        var results = await ConnectionTester.TestAsync(harness.Client, second.State, keys: null, maxParallelism: 4);

        Assert.Equal(["dlz-export", "mixpanel", "s3-export", "sftp-by-id"], results.Select(r => r.Key));
        Assert.Equal([ConnectionTestOutcome.Passed, ConnectionTestOutcome.NotFound, ConnectionTestOutcome.Rejected, ConnectionTestOutcome.Passed],
            results.Select(r => r.Result.Outcome));
        Assert.Equal("s3-export: failed: " + ConnectionTestResult.RejectedWithoutReason, results[2].ToString());
        Assert.StartsWith("2 of 4 connection test(s) failed: mixpanel: failed: not found", ConnectionTester.FailureSummary(results), StringComparison.Ordinal);
        Assert.Null(ConnectionTester.FailureSummary([results[0]]));
        Assert.Contains("'nope'", ConnectionTester.UnknownKeys(second.State, ["dlz-export", "nope"]), StringComparison.Ordinal);
        Assert.Null(ConnectionTester.UnknownKeys(second.State, ["dlz-export"]));
    }
}
