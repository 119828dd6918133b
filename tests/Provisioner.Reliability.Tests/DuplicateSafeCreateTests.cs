using Provisioner.FlowService.Models;

namespace Provisioner.Reliability.Tests;

/// <summary>
/// Deliverable 1. <c>POST /connections</c> is not idempotent, so a create whose response is lost after the service
/// committed it ("commit then drop") must be recovered by an exact-name lookup — never by posting again blindly.
/// Counted on the emulator's store, not on what the client believes.
/// </summary>
public sealed class DuplicateSafeCreateTests(ITestOutputHelper output)
{
    private static CreateConnectionRequest Mixpanel(string name) => new(name, "dup-safe", new ConnectionSpecRef(Service.MixpanelSpecId, "1.0"),
        new ConnectionAuth("Basic Authentication", new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = "u", ["password"] = "pw" }));

    [Fact]
    public async Task Every_dropped_create_is_recovered_by_name_and_none_is_duplicated()
    {
        var trials = Scale.Pick(100, 1000);
        await using var service = await Service.StartAsync();
        var creator = new SafeConnectionCreator(service.Client);
        service.Emulator.Faults.DropResponseAfterCommit(); // every POST commits, and its response is lost

        var recovered = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < trials; i++)
        {
            var result = await creator.CreateAsync(Mixpanel($"dropped {i:D4}"));
            if (result.Recovered) recovered++;
            Assert.True(ids.Add(result.Connection.Id), $"trial {i} returned an id already returned");
        }

        var stored = service.Emulator.GetStoredConnections();
        var posts = service.Emulator.Journal.Entries.Count(e => e.Method == "POST" && e.Path.EndsWith("/connections", StringComparison.Ordinal));
        Figures.Record(output, "duplicate-safe-create", new Dictionary<string, object?>
        {
            ["trials"] = trials, ["droppedResponses"] = service.Emulator.Faults.InjectedCount, ["posts"] = posts,
            ["recoveredByName"] = recovered, ["stored"] = stored.Count, ["duplicates"] = StateAudit.CountDuplicates(stored),
        });
        Assert.Equal(trials, recovered);
        Assert.Equal(trials, posts); // one POST per trial: a recovered create is never posted again
        Assert.Equal(trials, stored.Count);
        Assert.Equal(0, StateAudit.CountDuplicates(stored));
        Assert.Equal(ids.Order(StringComparer.Ordinal), stored.Select(s => s.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_reconciler_apply_whose_every_create_response_is_lost_records_each_connection_once()
    {
        var count = Scale.Pick(100, 1000);
        await using var service = await Service.StartAsync();
        var desired = await service.DesiredAsync(count, "apply-drop");
        var reconciler = service.Reconciler();
        var plan = await reconciler.PlanAsync(desired, RecordedState.Empty);
        service.Emulator.Faults.DropResponseAfterCommit();

        var result = await reconciler.ApplyAsync(plan);

        var audit = service.Audit(result.State);
        Figures.Record(output, "duplicate-safe-apply", new Dictionary<string, object?>
        {
            ["connections"] = count, ["droppedResponses"] = service.Emulator.Faults.InjectedCount,
            ["recoveredByName"] = result.Applied.Count(a => a.RecoveredLostCreate), ["errors"] = result.Errors.Count,
            ["stored"] = audit.Stored, ["duplicates"] = audit.Duplicates, ["orphans"] = audit.Orphans.Count, ["dangling"] = audit.Dangling.Count,
        });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(count, result.Applied.Count(a => a.RecoveredLostCreate));
        Assert.True(audit.Clean, audit.ToString());
        Assert.Equal(count, audit.Stored);

        // And the recorded state is the truth: a second plan has nothing to do.
        service.Emulator.Faults.Clear();
        Assert.False((await reconciler.PlanAsync(desired, result.State)).HasChanges);
    }

    [Fact]
    public async Task Several_connections_with_the_wanted_name_are_refused_never_guessed()
    {
        await using var service = await Service.StartAsync();
        var desired = await service.DesiredAsync(3, "ambiguous");
        var twin = desired.Entries["c0001"].Connection.ToCreateRequest();
        await service.Client.CreateConnectionAsync(twin);
        await service.Client.CreateConnectionAsync(twin);
        var before = service.Emulator.GetStoredConnections().Select(c => c.Id).ToArray();
        var reconciler = service.Reconciler();

        var plan = await reconciler.PlanAsync(desired, RecordedState.Empty);
        service.Emulator.Journal.Clear();
        var result = await reconciler.ApplyAsync(plan);

        var error = Assert.Single(result.Errors);
        Assert.Equal("c0001", error.Key);
        Assert.Contains("refusing to guess", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c0001", result.State.Connections.Keys);
        Assert.Equal(2, result.State.Connections.Count); // the other keys are still created
        Assert.DoesNotContain(service.Emulator.Journal.Entries, e => e.Method is "PATCH" or "DELETE");
        Assert.Equal(2, service.Emulator.Journal.Entries.Count(e => e.Method == "POST"));
        Assert.Equal(before, service.Emulator.GetStoredConnections().Select(c => c.Id).Take(2));
    }

    [Fact]
    public async Task A_lost_create_that_finds_two_matches_refuses_instead_of_adopting_one()
    {
        await using var service = await Service.StartAsync();
        var request = Mixpanel("raced");
        // Someone else created the same name meanwhile; then our POST commits and its answer is lost.
        await service.Client.CreateConnectionAsync(request);
        service.Emulator.Faults.DropResponseAfterCommit(count: 1);

        var refused = await Assert.ThrowsAsync<AmbiguousConnectionException>(() => new SafeConnectionCreator(service.Client).CreateAsync(request));

        Assert.Equal(2, refused.Ids.Count);
        Assert.Equal(service.Emulator.GetStoredConnections().Select(c => c.Id).Order(StringComparer.Ordinal), refused.Ids.Order(StringComparer.Ordinal));
        // Our one POST plus the other writer's: nothing was posted again after the lost answer.
        Assert.Equal(2, service.Emulator.Journal.Matching("POST", "/data/foundation/flowservice/connections").Count);
    }

    [Fact]
    public async Task A_create_cancelled_after_its_POST_committed_surfaces_the_committed_connection()
    {
        await using var service = await Service.StartAsync();
        service.Emulator.Faults.DelayResponseAfterCommit(TimeSpan.FromMinutes(5), count: 1);
        using var cancel = new CancellationTokenSource();

        var pending = new SafeConnectionCreator(service.Client).CreateAsync(Mixpanel("cancelled late"), cancellationToken: cancel.Token);
        await WaitForStoredAsync(service, 1);
        await cancel.CancelAsync();
        var unsettled = await Assert.ThrowsAsync<UnsettledCreateException>(() => pending);

        var stored = Assert.Single(service.Emulator.GetStoredConnections());
        Assert.Equal(stored.Id, unsettled.Committed?.Id);
        Assert.Single(service.Emulator.Journal.Matching("POST", "/data/foundation/flowservice/connections"));
    }

    [Fact]
    public async Task A_create_cancelled_while_its_POST_was_in_flight_with_nothing_committed_is_unsettled_not_cancelled()
    {
        await using var service = await Service.StartAsync();
        service.Emulator.Faults.AddLatency(TimeSpan.FromMinutes(5), method: "POST", path: "/connections");
        using var cancel = new CancellationTokenSource();

        var pending = new SafeConnectionCreator(service.Client).CreateAsync(Mixpanel("cancelled early"), cancellationToken: cancel.Token);
        await Eventually.UntilAsync(() => service.Emulator.Faults.InjectedCount > 0, "the POST never reached the service");
        await cancel.CancelAsync();
        var unsettled = await Assert.ThrowsAsync<UnsettledCreateException>(() => pending);

        Assert.Null(unsettled.Committed); // nothing found, yet the service might still commit it: the outcome is unknown
        Assert.Empty(service.Emulator.GetStoredConnections());
    }

    [Fact]
    public async Task A_lost_create_whose_lookup_fails_for_want_of_a_token_is_unsettled_not_a_clean_failure()
    {
        await using var service = await Service.StartAsync();
        await service.Client.GetConnectionSpecAsync(Service.MixpanelSpecId); // a token is cached
        service.Emulator.Faults.DropResponseAfterCommit(count: 1);
        // The lookup after the lost answer is refused by the gateway; renewing the token then fails at IMS.
        service.Emulator.Faults.FailNext(1, 401, "GET", "/connections");
        service.Emulator.Faults.Fail(1.0, 500, "POST", "/ims/token/v3");

        var unsettled = await Assert.ThrowsAsync<UnsettledCreateException>(() => new SafeConnectionCreator(service.Client).CreateAsync(Mixpanel("lost, lookup unauthorised")));

        Assert.Null(unsettled.Committed);
        Assert.Single(service.Emulator.GetStoredConnections()); // it did commit: a clean failure would have leaked it
        Assert.Contains("may exist", unsettled.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(service.Emulator.Options.ClientSecret, unsettled.Message, StringComparison.Ordinal);
    }

    private static async Task WaitForStoredAsync(Service service, int count)
    {
        await Eventually.UntilAsync(() => service.Emulator.GetStoredConnections().Count >= count);
        Assert.Equal(count, service.Emulator.GetStoredConnections().Count);
    }
}
