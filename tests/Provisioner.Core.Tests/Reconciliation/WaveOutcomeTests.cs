using static Provisioner.Core.Tests.Reconciliation.ReplacementScenario;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>What an apply of a pipeline says about each half of a replacement that a stop or a failure kept from
/// finishing — the exact words a host shows, the keys they stand under, and the progress reported — over real HTTP
/// against the emulator.</summary>
public sealed class WaveOutcomeTests
{
    private static KeyError ErrorOf(ApplyResult result, string key) => Assert.Single(result.Errors, e => e.Key == key);

    [Fact]
    public async Task A_stop_as_the_dataflow_starts_leaves_its_successor_unposted_and_names_each_old_connection_still_recorded()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var recorded = await AppliedWithBaseConnectionToReplace(harness);
        var log = new List<ReconcileProgress>();

        var stopped = await ApplyStoppingAt(harness, recorded, Flow.ToString(), log);

        Assert.Equal([Flow.ToString(), Base.Key, Source.ToString()], stopped.Errors.Select(e => e.Key));
        Assert.All(stopped.Errors, e => Assert.True(e.NotStarted, e.Message));
        Assert.All(stopped.Errors, e => Assert.Equal(ConnectionAction.Replace, e.Action));
        Assert.Equal(ReconcileMessages.NotStarted, ErrorOf(stopped, Flow.ToString()).Message);
        Assert.Equal(ReconcileMessages.OldNotStarted("connection", recorded.Connections[Base.Key].Id), ErrorOf(stopped, Base.Key).Message);
        Assert.Equal(ReconcileMessages.OldNotStarted("source connection", recorded.Pipeline[Source].Id), ErrorOf(stopped, Source.ToString()).Message);
        // Each object is reported once as it starts; none finished all its steps, and a stop is not a failure to report.
        Assert.Equal(
            [(Base.Key, ProgressStage.Started, 0, 3), (Source.ToString(), ProgressStage.Started, 0, 3), (Flow.ToString(), ProgressStage.Started, 0, 3)],
            log.Select(p => (p.Key, p.Stage, p.Completed, p.Total)));
        Assert.Empty(stopped.Applied);
    }

    [Fact]
    public async Task A_run_stopped_before_it_starts_keeps_every_old_half_recorded_under_its_own_key_and_words_each()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var recorded = await AppliedWithBaseConnectionToReplace(harness);
        var stopped = (await ApplyStoppingAt(harness, recorded, Flow.ToString())).State;
        var oldBase = Assert.Single(stopped.Superseded, o => o.Of == Base);
        var oldSource = Assert.Single(stopped.Superseded, o => o.Of == Source);
        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), stopped);
        harness.Host.Journal.Clear();

        var again = await reconciler.ApplyAsync(plan, null, new CancellationToken(canceled: true), CancellationToken.None);

        Assert.Empty(harness.Host.Journal.Writes);
        Assert.Equal(ReconcileMessages.OldStillRecorded("connection", oldBase.Id), ErrorOf(again, $"mixpanel (replaced {oldBase.Id})").Message);
        Assert.Equal(ReconcileMessages.OldStillRecorded("source connection", oldSource.Id),
            ErrorOf(again, $"sourceConnections.mixpanel-events (replaced {oldSource.Id})").Message);
        // The old dataflow goes before its successor is posted: stopped there, nothing of its replacement happened yet.
        Assert.Equal(ReconcileMessages.NotStarted, ErrorOf(again, Flow.ToString()).Message);
        Assert.All(again.Errors, e => Assert.True(e.NotStarted));
        // An earlier run's old halves keep the users they had then (the old base connection none: its source connection moved).
        Assert.Equal(stopped.Superseded.Select(o => (o.Of, o.Id, string.Join(",", o.UsedBy))),
            again.State.Superseded.Select(o => (o.Of, o.Id, string.Join(",", o.UsedBy))));
        Assert.Empty(oldBase.UsedBy);
        Assert.Equal(RecordedIds(stopped).Order(), RecordedIds(again.State).Order());
    }

    [Fact]
    public async Task An_old_dataflow_that_cannot_be_deleted_keeps_its_successor_unposted_and_blocks_the_old_connections_it_uses()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var recorded = await AppliedWithBaseConnectionToReplace(harness);
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "DELETE", path: "/flows/*");
        harness.Host.Journal.Clear();
        var log = new List<ReconcileProgress>();
        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(Example()), recorded);

        var failed = await reconciler.ApplyAsync(plan, new ProgressLog(log));

        Assert.DoesNotContain(harness.Host.Journal.Writes, w => w.Method == "POST" && w.Path.EndsWith("/flows", StringComparison.Ordinal));
        var flow = ErrorOf(failed, Flow.ToString()).Message;
        Assert.StartsWith($"the old dataflow {recorded.Pipeline[Flow].Id} could not be deleted (replace failed: ", flow, StringComparison.Ordinal);
        Assert.EndsWith("), so its replacement was not created (both would run); the next run tries again", flow, StringComparison.Ordinal);
        // The old flow still reads through the old source connection, which still uses the old base connection.
        Assert.Equal(ReconcileMessages.OldNotDeleted("source connection", recorded.Pipeline[Source].Id, ReconcileMessages.BlockedBy([Flow.ToString()])),
            ErrorOf(failed, Source.ToString()).Message);
        Assert.Equal(ReconcileMessages.OldNotDeleted("connection", recorded.Connections[Base.Key].Id, ReconcileMessages.BlockedBy([Source.ToString()])),
            ErrorOf(failed, Base.Key).Message);
        Assert.Equal(3, failed.Errors.Count);
        Assert.Equal(recorded.Pipeline[Flow].Id, failed.State.Pipeline[Flow].Id);
        Assert.Equal([recorded.Connections[Base.Key].Id, recorded.Pipeline[Source].Id], failed.State.Superseded.Select(o => o.Id));
        // Three failures reported as they happen, each counted: 3 of 3 when the last is.
        var failures = log.Where(p => p.Stage == ProgressStage.Failed).ToArray();
        Assert.Equal([Flow.ToString(), Source.ToString(), Base.Key], failures.Select(p => p.Key));
        Assert.Equal([1, 2, 3], failures.Select(p => p.Completed));
        Assert.All(failures, p => Assert.Equal(3, p.Total));
        Assert.Equal(ErrorOf(failed, Source.ToString()).Message, failures[1].Error);
    }

    [Fact]
    public async Task An_old_base_connection_that_cannot_be_deleted_stays_recorded_and_the_next_run_deletes_it()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var recorded = await AppliedWithBaseConnectionToReplace(harness);
        var oldBase = recorded.Connections[Base.Key].Id;
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "DELETE", path: "/connections/*");

        var failed = await harness.Reconciler().ApplyAsync(await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), recorded));

        var error = ErrorOf(failed, Base.Key);
        Assert.StartsWith($"the replacement is created and recorded, but the old connection {oldBase} was not deleted (replace failed: ", error.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("); it stays recorded and the next run deletes it", error.Message, StringComparison.Ordinal);
        Assert.Single(failed.Errors);
        Assert.Equal([oldBase], failed.State.Superseded.Select(o => o.Id));
        Assert.Empty(Assert.Single(failed.State.Superseded).UsedBy); // its source connection moved to the new one
        Assert.Contains(oldBase, StoredIds(harness));

        harness.Host.Journal.Clear();
        var next = await harness.Reconciler().ApplyAsync(await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), failed.State));

        Assert.True(next.Succeeded, string.Join("\n", next.Errors));
        Assert.Equal([("DELETE", $"/connections/{oldBase}")], harness.Host.Journal.Writes.Select(w => (w.Method, w.Path[w.Path.IndexOf("/connections", StringComparison.Ordinal)..])));
        Assert.Empty(next.State.Superseded);
        Assert.Equal(new AppliedChange($"mixpanel (replaced {oldBase})", ConnectionAction.Delete, null, null), Assert.Single(next.Applied));
    }

    [Fact]
    public async Task An_old_source_connection_of_an_earlier_run_that_cannot_be_deleted_says_so_and_blocks_nothing_new()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var recorded = await AppliedWithBaseConnectionToReplace(harness);
        var stopped = (await ApplyStoppingAt(harness, recorded, Flow.ToString())).State;
        var oldSource = Assert.Single(stopped.Superseded, o => o.Of == Source).Id;
        harness.Host.Faults.FailNext(1, statusCode: 400, method: "DELETE", path: "/sourceConnections/*");

        var next = await harness.Reconciler().ApplyAsync(await harness.Reconciler().PlanAsync(await harness.LoadAsync(Example()), stopped));

        var error = ErrorOf(next, $"sourceConnections.mixpanel-events (replaced {oldSource})");
        Assert.Equal(ConnectionAction.Delete, error.Action);
        Assert.StartsWith($"the replacement is created and recorded, but the old source connection {oldSource} was not deleted (delete failed: ", error.Message,
            StringComparison.Ordinal);
        Assert.Single(harness.Host.GetStoredResources("flows")); // the new dataflow went ahead
        Assert.Contains(oldSource, RecordedIds(next.State));
    }
}
