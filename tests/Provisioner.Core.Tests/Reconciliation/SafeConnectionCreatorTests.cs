using Microsoft.Extensions.Time.Testing;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The duplicate-safe create against the emulator: when a POST is tried again, how often, and how a POST
/// whose answer was lost (or cut off) is settled by looking its name up.</summary>
public sealed class SafeConnectionCreatorTests
{
    private const string ConnectionsPath = "/data/foundation/flowservice/connections";

    private static CreateConnectionRequest Request(string name = "Created") =>
        new(name, "d", new ConnectionSpecRef("fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"),
            new ConnectionAuth("Basic Authentication", new System.Text.Json.Nodes.JsonObject { ["host"] = "h", ["username"] = "u", ["password"] = "p" }));

    private static int Posts(EmulatorHarness harness) => harness.Host.Journal.Writes.Count(w => w.Method == "POST");

    [Fact]
    public async Task A_POST_that_provably_did_not_commit_is_tried_again_and_the_attempts_are_counted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(2, 503, "POST", "/connections");

        var result = await new SafeConnectionCreator(harness.Client, maxAttempts: 3).CreateAsync(Request());

        Assert.Equal((false, 3), (result.Recovered, result.Attempts));
        Assert.Equal(result.Connection.Id, Assert.Single(harness.Host.GetStoredConnections()).Id);
        Assert.Equal(3, Posts(harness));
    }

    [Fact]
    public async Task The_attempt_limit_ends_in_the_last_failure_with_nothing_created()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(5, 503, "POST", "/connections");

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => new SafeConnectionCreator(harness.Client, maxAttempts: 2).CreateAsync(Request()));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(2, Posts(harness));
        Assert.Empty(harness.Host.GetStoredConnections());
    }

    [Fact]
    public async Task One_attempt_means_no_second_POST()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, 503, "POST", "/connections");

        await Assert.ThrowsAsync<FlowServiceException>(() => new SafeConnectionCreator(harness.Client, maxAttempts: 1).CreateAsync(Request()));

        Assert.Equal(1, Posts(harness));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Fewer_than_one_attempt_is_refused(int attempts)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SafeConnectionCreator(new InterceptingClient(null!), attempts));
    }

    [Fact]
    public async Task A_definite_refusal_is_not_tried_again_and_not_looked_up()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, 400, "POST", "/connections");
        var client = new InterceptingClient(harness.Client);

        await Assert.ThrowsAsync<FlowServiceException>(() => new SafeConnectionCreator(client).CreateAsync(Request()));

        Assert.Equal(1, Posts(harness));
        Assert.Equal(0, client.Finds);
    }

    [Fact]
    public async Task A_lost_answer_is_settled_by_the_name_lookup_without_a_second_POST()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.DropResponseAfterCommit(count: 1);

        var result = await new SafeConnectionCreator(harness.Client).CreateAsync(Request());

        Assert.Equal((true, 1), (result.Recovered, result.Attempts));
        var stored = Assert.Single(harness.Host.GetStoredConnections());
        Assert.Equal((stored.Id, stored.Etag), (result.Connection.Id, result.Connection.Etag));
        Assert.Equal(1, Posts(harness));
    }

    [Fact]
    public async Task A_connection_that_existed_before_is_never_taken_for_the_one_just_committed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var before = await harness.Client.CreateConnectionAsync(Request());
        harness.Host.Faults.DropResponseAfterCommit(count: 1);

        var result = await new SafeConnectionCreator(harness.Client).CreateAsync(Request(), new HashSet<string> { before.Id });

        Assert.True(result.Recovered);
        Assert.NotEqual(before.Id, result.Connection.Id);
        Assert.Equal(2, harness.Host.GetStoredConnections().Count);
    }

    [Fact]
    public async Task Without_knowing_what_existed_before_two_matches_are_refused_not_guessed()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var before = await harness.Client.CreateConnectionAsync(Request());
        harness.Host.Faults.DropResponseAfterCommit(count: 1);

        var error = await Assert.ThrowsAsync<AmbiguousConnectionException>(() => new SafeConnectionCreator(harness.Client).CreateAsync(Request()));

        Assert.Equal("Created", error.Name);
        Assert.Contains(before.Id, error.Ids);
        Assert.Equal(2, error.Ids.Count);
    }

    [Fact]
    public async Task Cancellation_between_attempts_stops_cleanly_before_the_next_POST()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, 503, "POST", "/connections");
        using var cancellation = new CancellationTokenSource();
        // Cancelled while the failed first attempt is being settled: the lookup still answers (its own budget),
        // finds nothing, so nothing was created and stopping is clean.
        var client = new InterceptingClient(harness.Client) { BeforeFind = cancellation.Cancel };

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SafeConnectionCreator(client).CreateAsync(Request(), null, cancellation.Token));

        Assert.IsNotType<UnsettledCreateException>(error);
        Assert.Equal(1, Posts(harness));
        Assert.Equal(1, client.Finds);
        Assert.Empty(harness.Host.GetStoredConnections());
    }

    [Fact]
    public async Task An_already_cancelled_create_sends_nothing()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SafeConnectionCreator(harness.Client).CreateAsync(Request(), null, new CancellationToken(true)));

        Assert.Equal(0, Posts(harness));
    }

    [Fact]
    public async Task A_lookup_that_fails_after_an_interrupted_POST_leaves_the_outcome_unknown()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, 503, "POST", "/connections");
        harness.Host.Faults.FailNext(1, 400, "GET", "/connections");

        var error = await Assert.ThrowsAsync<UnsettledCreateException>(() => new SafeConnectionCreator(harness.Client).CreateAsync(Request()));

        Assert.Null(error.Committed);
        Assert.Equal("Created", error.Name);
        Assert.Contains("(no usable answer: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("; looking it up by name failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("the connection may exist on the service", error.Message, StringComparison.Ordinal);
        Assert.IsType<AggregateException>(error.InnerException);
        Assert.Equal(1, Posts(harness));
    }

    [Fact]
    public async Task A_lookup_that_outlives_its_budget_leaves_the_outcome_unknown_and_says_how_long_it_waited()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, 503, "POST", "/connections");
        harness.Host.Faults.AddLatency(TimeSpan.FromSeconds(30), method: "GET", path: "/connections");
        var time = new FakeTimeProvider();
        var client = new InterceptingClient(harness.Client);
        client.BeforeFind = () => _ = Task.Run(async () =>
        {
            await Task.Delay(50);
            time.Advance(TimeSpan.FromSeconds(390.5)); // past the budget on the given clock, while the lookup waits for its answer
        });

        // A budget far beyond the emulator's 30 s latency: only the given clock can end the lookup first.
        var error = await Assert.ThrowsAsync<UnsettledCreateException>(() =>
            new SafeConnectionCreator(client, lookupTimeout: TimeSpan.FromSeconds(390.5), time: time).CreateAsync(Request()));

        Assert.Null(error.Committed);
        Assert.Contains("the lookup by name did not finish within 390.5 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_lookup_budget_is_ten_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), SafeConnectionCreator.DefaultLookupTimeout);
    }

    [Fact]
    public async Task Lookups_go_to_the_connections_list_by_exact_name()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, 503, "POST", "/connections");
        harness.Host.Journal.Clear();

        await new SafeConnectionCreator(harness.Client).CreateAsync(Request("Exact Name"));

        Assert.Single(harness.Host.Journal.Matching("GET", ConnectionsPath));
    }

    [Fact]
    public async Task A_create_cancelled_after_the_service_committed_it_hands_back_the_committed_connection_to_record()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = InterceptingClient.CancelledAfterCommit(harness.Client);

        var error = await Assert.ThrowsAsync<UnsettledCreateException>(() => new SafeConnectionCreator(client).CreateAsync(Request()));

        var stored = Assert.Single(harness.Host.GetStoredConnections());
        Assert.Equal((stored.Id, stored.Etag), (error.Committed?.Id, error.Committed?.Etag));
        Assert.Equal($"creating connection 'Created' was interrupted after the request was sent (cancelled), but the service had committed it: connection {stored.Id} was found by name",
            error.Message);
        Assert.IsType<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public async Task A_create_cancelled_before_anything_is_found_warns_that_the_connection_may_still_appear()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = new InterceptingClient(harness.Client) { AroundCreate = _ => throw new OperationCanceledException() };

        var error = await Assert.ThrowsAsync<UnsettledCreateException>(() => new SafeConnectionCreator(client).CreateAsync(Request()));

        Assert.Null(error.Committed);
        Assert.Equal("creating connection 'Created' was interrupted after the request was sent (cancelled; no connection with this name was found yet, "
            + "but the service may still commit the request); the connection may exist on the service: "
            + "look for a connection with this name and record (import) or delete it before creating it again", error.Message);
        Assert.Equal(1, client.Finds);
        Assert.Equal(0, Posts(harness)); // a cancelled create is not tried again
    }

    [Fact]
    public async Task A_failed_POST_followed_by_a_failed_lookup_names_the_failure_in_the_reason()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var lost = new FlowServiceException("POST /connections failed: connection reset") { MayHaveCommitted = true };
        var client = new InterceptingClient(harness.Client) { AroundCreate = _ => throw lost };
        harness.Host.Faults.FailNext(1, 400, "GET", "/connections");

        var error = await Assert.ThrowsAsync<UnsettledCreateException>(() => new SafeConnectionCreator(client).CreateAsync(Request()));

        Assert.StartsWith("creating connection 'Created' was interrupted after the request was sent (no usable answer: POST /connections failed: connection reset; "
            + "looking it up by name failed: ", error.Message, StringComparison.Ordinal);
    }
}
