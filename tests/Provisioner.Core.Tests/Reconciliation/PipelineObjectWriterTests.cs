using Microsoft.Extensions.Time.Testing;
using Provisioner.Testing;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>One pipeline object's writes over real HTTP against the emulator: the same guarantees as base connections.</summary>
public sealed class PipelineObjectWriterTests
{
    private static async Task<(EmulatorHarness Harness, PipelineObjectWriter Writer, ConnectionRef Target)> StartWithTargetAsync()
    {
        var harness = await EmulatorHarness.StartAsync();
        var writer = new PipelineObjectWriter(harness.Client);
        var target = await writer.CreateAsync(PipelineKind.TargetConnection, PipelineBodies.Target("Lake"), new HashSet<string>());
        return (harness, writer, target);
    }

    [Fact]
    public async Task A_patch_retried_after_its_answer_was_lost_is_recognised_as_ours()
    {
        var (harness, writer, target) = await StartWithTargetAsync();
        await using var _ = harness;
        harness.Host.Faults.DropResponseAfterCommit(count: 1, method: "PATCH", path: "/targetConnections/*");

        var updated = await writer.UpdateAsync(PipelineKind.TargetConnection, target.Id, target.Etag, [JsonPatchOperation.Replace("/name", "Lake 2")]);

        var live = (await writer.ReadAsync(PipelineKind.TargetConnection, target.Id))!;
        Assert.Equal("Lake 2", live.Name);
        Assert.Equal(live.Etag, updated.Etag);
    }

    [Fact]
    public async Task A_patch_on_an_object_changed_elsewhere_keeps_its_412()
    {
        var (harness, writer, target) = await StartWithTargetAsync();
        await using var _ = harness;
        await writer.UpdateAsync(PipelineKind.TargetConnection, target.Id, target.Etag, [JsonPatchOperation.Replace("/name", "Renamed elsewhere")]);

        var conflict = await Assert.ThrowsAsync<FlowServiceException>(() =>
            writer.UpdateAsync(PipelineKind.TargetConnection, target.Id, target.Etag, [JsonPatchOperation.Replace("/name", "Lake 2")]));

        Assert.True(conflict.IsPreconditionFailed);
        Assert.Equal("Renamed elsewhere", (await writer.ReadAsync(PipelineKind.TargetConnection, target.Id))!.Name);
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_never_takes_an_object_that_is_not_ours()
    {
        var (harness, writer, existing) = await StartWithTargetAsync(); // "Lake" exists already
        await using var _ = harness;
        harness.Host.Faults.DropResponseAfterCommit(count: 1, path: "/targetConnections");

        var created = await writer.CreateAsync(PipelineKind.TargetConnection, PipelineBodies.Target("Lake"), new HashSet<string> { existing.Id });

        Assert.NotEqual(existing.Id, created.Id);
        Assert.Equal(2, harness.Host.GetStoredResources("targetConnections").Count);
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_with_two_candidates_is_refused_as_ambiguous_naming_the_kind()
    {
        var (harness, writer, _) = await StartWithTargetAsync(); // "Lake" exists, and is not declared as not ours
        await using var __ = harness;
        harness.Host.Faults.DropResponseAfterCommit(count: 1, path: "/targetConnections");

        var ambiguous = await Assert.ThrowsAsync<AmbiguousConnectionException>(() =>
            writer.CreateAsync(PipelineKind.TargetConnection, PipelineBodies.Target("Lake"), new HashSet<string>()));

        Assert.Contains("target connections on the service are named 'Lake'", ambiguous.Message, StringComparison.Ordinal);
        Assert.Equal("aep:flowservice:TargetConnection", ambiguous.PulumiType);
    }

    [Fact]
    public async Task Deleting_an_object_already_gone_is_fine_and_reading_it_gives_null()
    {
        var (harness, writer, target) = await StartWithTargetAsync();
        await using var _ = harness;

        await writer.DeleteAsync(PipelineKind.TargetConnection, target.Id);
        await writer.DeleteAsync(PipelineKind.TargetConnection, target.Id);

        Assert.Null(await writer.ReadAsync(PipelineKind.TargetConnection, target.Id));
    }

    [Fact]
    public async Task An_apply_stopped_before_it_starts_writes_nothing_and_reports_every_object_not_started()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var reconciler = harness.Reconciler();
        var plan = await reconciler.PlanAsync(await harness.LoadAsync(File.ReadAllText(RepoRoot.Combine("infra", "examples", "pipeline.yaml"))), RecordedState.Empty);
        harness.Host.Journal.Clear();

        var result = await reconciler.ApplyAsync(plan, null, new CancellationToken(canceled: true), CancellationToken.None);

        Assert.Empty(harness.Host.Journal.Writes);
        Assert.Equal(4, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.True(e.NotStarted, e.ToString()));
        Assert.Empty(result.State.Pipeline);
    }

    [Fact]
    public async Task A_create_request_without_a_name_is_refused_before_anything_is_sent()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var writer = new PipelineObjectWriter(harness.Client);
        var body = PipelineBodies.Target("Lake");
        body["name"] = "";

        var refused = await Assert.ThrowsAsync<ReconcileException>(() => writer.CreateAsync(PipelineKind.TargetConnection, body, new HashSet<string>()));

        Assert.Equal("a target connection's create request carries no name, and a name is how a create whose answer is lost is found again", refused.Message);
        Assert.Empty(harness.Host.Journal.Writes);
    }

    [Fact]
    public async Task The_lookup_after_a_lost_answer_runs_on_the_budget_and_clock_the_writer_was_given()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Host.Faults.FailNext(1, 503, "POST", "/targetConnections");
        harness.Host.Faults.AddLatency(TimeSpan.FromSeconds(30), method: "GET", path: "/targetConnections");
        var time = new FakeTimeProvider();
        using var done = new CancellationTokenSource();
        // Past the budget on the given clock, again and again, whenever the lookup starts waiting for its answer.
        var ticking = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await Task.Delay(100);
                time.Advance(TimeSpan.FromSeconds(390.5));
            }
        });
        var writer = new PipelineObjectWriter(harness.Client, lookupTimeout: TimeSpan.FromSeconds(390.5), time: time);

        var error = await Assert.ThrowsAsync<UnsettledCreateException>(() =>
            writer.CreateAsync(PipelineKind.TargetConnection, PipelineBodies.Target("Lake"), new HashSet<string>()));
        await done.CancelAsync();
        await ticking;

        Assert.Null(error.Committed);
        Assert.Contains("the lookup by name did not finish within 390.5 s", error.Message, StringComparison.Ordinal);
    }
}
