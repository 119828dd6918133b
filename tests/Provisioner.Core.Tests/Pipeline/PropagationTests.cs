using static Provisioner.Core.Tests.Pipeline.PipelineFixture;

namespace Provisioner.Core.Tests.Pipeline;

/// <summary>A replacement gives an object a new id, which nothing that points at it can be patched to: its dependants
/// are replaced too, level by level, each naming its cause; a patch keeps the id and propagates nothing.</summary>
public sealed class PropagationTests
{
    private const string OtherSpec = "0a3b4a5c-0000-4000-8000-000000000001";

    [Fact]
    public void A_replaced_base_connection_replaces_its_source_connection_and_the_dataflow_but_not_the_target()
    {
        var bases = Bases([Base(specId: OtherSpec)], [(Base(), "base-1")]);

        var plan = Plan(WholePipeline(), RecordedPipeline(), bases);

        var source = Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.SourceConnection, "events"));
        Assert.Equal("replaced because connections.mixpanel is replaced", source.Reason);
        Assert.Equal(["baseConnectionId"], source.Changes.ReplacePaths);
        var flow = Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.Dataflow, "ingest"));
        Assert.Equal("replaced because sourceConnections.events is replaced", flow.Reason);
        Assert.Equal(["sourceConnectionIds"], flow.ChangedPaths);
        Assert.IsType<PipelineChange.Unchanged>(plan.For(PipelineKind.TargetConnection, "lake"));
        Assert.Equal(
        [
            "Write 0: CreateReplacement connections.mixpanel",
            "Write 1: CreateReplacement sourceConnections.events",
            "Write 2: DeleteReplaced dataflows.ingest", // two flows would both write to the dataset: the old one goes first
            "Write 2: CreateReplacement dataflows.ingest",
            "Delete 1: DeleteReplaced sourceConnections.events",
            "Delete 0: DeleteReplaced connections.mixpanel",
        ], plan.Describe());
    }

    [Fact]
    public void A_patch_only_change_of_the_target_or_the_base_connection_propagates_nothing()
    {
        var bases = Bases([Base(description: "renamed")], [(Base(), "base-1")]);

        var plan = Plan([Source(), Target(name: "Events dataset v2"), Flow()], RecordedPipeline(), bases);

        Assert.IsType<PipelineChange.Update>(plan.For(PipelineKind.TargetConnection, "lake"));
        Assert.IsType<PipelineChange.Unchanged>(plan.For(PipelineKind.SourceConnection, "events"));
        Assert.IsType<PipelineChange.Unchanged>(plan.For(PipelineKind.Dataflow, "ingest"));
        Assert.Equal(["Write 0: Update connections.mixpanel", "Write 1: Update targetConnections.lake"], plan.Describe());
    }

    [Fact]
    public void A_replaced_target_connection_replaces_the_dataflow_only()
    {
        var plan = Plan([Source(), Target(specId: OtherSpec), Flow()], RecordedPipeline());

        Assert.IsType<PipelineChange.Unchanged>(plan.For(PipelineKind.SourceConnection, "events"));
        Assert.Equal("replaced because targetConnections.lake is replaced",
            Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.Dataflow, "ingest")).Reason);
    }

    [Fact]
    public void A_base_connection_created_under_a_recorded_source_connection_replaces_it()
    {
        // The base connection's record is gone (state edited, or the key re-added): its new id is not the recorded one's.
        var plan = Plan(WholePipeline(), RecordedPipeline(), Bases([Base()], []));

        Assert.Equal("replaced because connections.mixpanel is created",
            Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.SourceConnection, "events")).Reason);
    }

    [Fact]
    public void A_base_connection_adopted_under_a_recorded_source_connection_replaces_it_since_nothing_proves_it_points_there()
    {
        var live = new Connection
        {
            Id = "base-7", Name = "Mixpanel", Description = "d", ConnectionSpec = new ConnectionSpecRef(MixpanelSourceSpec), Etag = "\"e\"",
            Auth = new ConnectionAuth("Basic Authentication", new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = "u" }),
        };
        var bases = Planner.Decide(DesiredConnectionSet.From([Base()]), RecordedState.Empty,
            new Dictionary<string, NameLookup> { ["mixpanel"] = new([live]) }, Options);

        var plan = Plan(WholePipeline(), RecordedPipeline(), bases);

        Assert.Equal("replaced because connections.mixpanel is adopted",
            Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.SourceConnection, "events")).Reason);
        Assert.Equal("Write 0: Adopt connections.mixpanel", plan.Describe()[0]);
    }

    [Fact]
    public void An_update_of_a_dependant_that_is_also_replaced_becomes_part_of_the_replacement()
    {
        var bases = Bases([Base(specId: OtherSpec)], [(Base(), "base-1")]);

        var plan = Plan([Source(path: "v2"), Target(), Flow(interval: 60)], RecordedPipeline(), bases);

        var source = Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.SourceConnection, "events"));
        Assert.Equal(["params.path", "baseConnectionId"], source.ChangedPaths);
        Assert.Empty(source.Changes.Patch);
        Assert.Equal(["scheduleParams.interval", "sourceConnectionIds"], plan.For(PipelineKind.Dataflow, "ingest").ChangedPaths);
    }

    [Fact]
    public void Removing_a_base_connection_a_declared_source_connection_still_uses_is_refused_not_left_to_fail_on_the_service()
    {
        var plan = Plan(WholePipeline(), RecordedPipeline(), Bases([], [(Base(), "base-1")]));

        Assert.Equal("connections.mixpanel is removed from the definitions but is still used by sourceConnections.events; it is not deleted: "
            + "remove or re-point those definitions, or declare it again", plan.For(null, "mixpanel").Error);
        Assert.Contains("which is not declared (a dangling reference)", plan.For(PipelineKind.SourceConnection, "events").Error, StringComparison.Ordinal);
        Assert.Contains("has no decision", plan.For(PipelineKind.Dataflow, "ingest").Error, StringComparison.Ordinal);
        Assert.Empty(plan.Waves);
    }
}
