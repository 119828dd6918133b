using static Provisioner.Core.Tests.Pipeline.PipelineFixture;

namespace Provisioner.Core.Tests.Pipeline;

/// <summary>The details of the graph's decisions a user reads: which fields a PATCH may change per kind, the order
/// of objects and of names inside messages, what a refused object was meant to become, and the words of a replacement.</summary>
public sealed class PipelineDecisionDetailTests
{
    private static readonly ObjectRef Events = new(PipelineKind.SourceConnection, "events");

    private static DesiredPipelineObject WithBody(DesiredPipelineObject desired, Action<JsonObject> edit)
    {
        var body = (JsonObject)desired.Body.DeepClone();
        edit(body);
        return desired with { Body = body };
    }

    private static DesiredPipelineObject Edited(PipelineKind kind, Action<JsonObject> edit) => kind switch
    {
        PipelineKind.SourceConnection => WithBody(Source(), edit),
        PipelineKind.TargetConnection => WithBody(Target(), edit),
        _ => WithBody(Flow(), edit),
    };

    [Theory]
    [InlineData(PipelineKind.SourceConnection, "name", "Renamed", "name")]
    [InlineData(PipelineKind.SourceConnection, "description", "Said", "description")]
    [InlineData(PipelineKind.SourceConnection, "data", """{"format":"delimited"}""", "data.format")]
    [InlineData(PipelineKind.SourceConnection, "params", """{"path":"other"}""", "params.path")]
    [InlineData(PipelineKind.TargetConnection, "name", "Renamed", "name")]
    [InlineData(PipelineKind.TargetConnection, "description", "Said", "description")]
    [InlineData(PipelineKind.TargetConnection, "data", """{"format":"json"}""", "data.format")]
    [InlineData(PipelineKind.TargetConnection, "params", """{"dataSetId":"ds-2"}""", "params.dataSetId")]
    [InlineData(PipelineKind.Dataflow, "name", "Renamed", "name")]
    [InlineData(PipelineKind.Dataflow, "description", "Said", "description")]
    [InlineData(PipelineKind.Dataflow, "scheduleParams", """{"frequency":"minute","interval":30}""", "scheduleParams.interval")]
    [InlineData(PipelineKind.Dataflow, "transformations", """[{"name":"Mapping","params":{"mappingId":"m"}}]""", "transformations")]
    public void Each_patchable_field_of_each_kind_is_an_update(PipelineKind kind, string field, string value, string changed)
    {
        var desired = Edited(kind, body => body[field] = value.StartsWith('{') || value.StartsWith('[') ? JsonNode.Parse(value) : value);
        var others = WholePipeline().Where(d => d.Kind != kind);

        var plan = Plan([desired, .. others], RecordedPipeline());

        var update = Assert.IsType<PipelineChange.Update>(plan.Changes.Single(c => c.Ref.Kind == kind));
        Assert.Equal([changed], update.ChangedPaths);
        Assert.Empty(update.Changes.ReplacePaths);
    }

    [Theory]
    [InlineData(PipelineKind.SourceConnection, "connectionSpec")]
    [InlineData(PipelineKind.TargetConnection, "connectionSpec")]
    [InlineData(PipelineKind.Dataflow, "flowSpec")]
    public void A_spec_change_of_any_kind_is_a_replacement(PipelineKind kind, string field)
    {
        var desired = Edited(kind, body => body[field] = new JsonObject { ["id"] = "0a3b4a5c-0000-4000-8000-000000000009", ["version"] = "1.0" });

        var plan = Plan([desired, .. WholePipeline().Where(d => d.Kind != kind)], RecordedPipeline());

        var replace = Assert.IsType<PipelineChange.Replace>(plan.Changes.Single(c => c.Ref.Kind == kind));
        Assert.Equal($"replaced because {field}.id cannot be changed in place", replace.Reason);
    }

    [Fact]
    public void Two_fields_that_cannot_be_patched_are_named_together_in_one_cause()
    {
        var desired = WithBody(Source(), body =>
        {
            body["connectionSpec"] = new JsonObject { ["id"] = "0a3b4a5c-0000-4000-8000-000000000009", ["version"] = "2.0" };
        });

        var plan = Plan([desired, Target(), Flow()], RecordedPipeline());

        var replace = Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.SourceConnection, "events"));
        Assert.Equal("replaced because connectionSpec.id, connectionSpec.version cannot be changed in place", replace.Reason);
    }

    [Fact]
    public void A_reference_field_gained_or_lost_says_nothing_for_the_missing_side()
    {
        var gained = Target() with { References = new Dictionary<string, IReadOnlyList<ObjectRef>> { ["baseConnectionId"] = [ObjectRef.BaseConnection("mixpanel")] } };

        var gain = Plan([Source(), gained, Flow()], RecordedPipeline());
        var loss = Plan(WholePipeline(), [Recorded(Source(), "sc-1"), Recorded(gained, "tc-1"), Recorded(Flow(), "flow-1")]);

        Assert.Equal("replaced because baseConnectionId now names connections.mixpanel (was nothing)",
            Assert.IsType<PipelineChange.Replace>(gain.For(PipelineKind.TargetConnection, "lake")).Reason);
        Assert.Equal("replaced because baseConnectionId now names nothing (was connections.mixpanel)",
            Assert.IsType<PipelineChange.Replace>(loss.For(PipelineKind.TargetConnection, "lake")).Reason);
    }

    [Fact]
    public void A_dataflow_whose_source_and_target_both_get_new_ids_names_both_in_field_order()
    {
        var plan = Plan(WholePipeline(),
            [Recorded(Source(specId: "0a3b4a5c-0000-4000-8000-000000000009"), "sc-1"), Recorded(Target(specId: "0a3b4a5c-0000-4000-8000-00000000000a"), "tc-1"),
             Recorded(Flow(), "flow-1")]);

        var flow = Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.Dataflow, "ingest"));
        Assert.Equal("replaced because sourceConnections.events is replaced; targetConnections.lake is replaced", flow.Reason);
        Assert.Equal(["sourceConnectionIds", "targetConnectionIds"], flow.Changes.ReplacePaths);
    }

    [Fact]
    public void A_dataflow_referencing_two_undeclared_objects_names_them_in_field_order_and_was_meant_to_be_created()
    {
        var plan = Plan([Flow(source: "zsource", target: "atarget")], []);

        var refused = Assert.IsType<PipelineChange.Refused>(plan.For(PipelineKind.Dataflow, "ingest"));
        Assert.Equal("dataflows.ingest references sourceConnections.zsource, targetConnections.atarget, which is not declared (a dangling reference): declare it or change the reference",
            refused.Error);
        Assert.Equal(ConnectionAction.Create, refused.Action);
    }

    [Fact]
    public void A_recorded_object_with_a_dangling_reference_was_meant_to_be_updated()
    {
        var plan = Plan([Source(), Flow(target: "nowhere")], [Recorded(Source(), "sc-1"), Recorded(Flow(), "flow-1")]);

        Assert.Equal(ConnectionAction.Update, plan.For(PipelineKind.Dataflow, "ingest").Action);
        Assert.NotNull(plan.For(PipelineKind.Dataflow, "ingest").Error);
    }

    [Fact]
    public void A_recorded_object_blocked_by_a_refused_reference_was_meant_to_be_replaced_and_an_unrecorded_one_created()
    {
        var live = new Connection { Id = "x", Name = "Mixpanel", ConnectionSpec = new ConnectionSpecRef(MixpanelSourceSpec), Etag = "\"e\"" };
        var bases = Planner.Decide(DesiredConnectionSet.From([Base()]), RecordedState.Empty,
            new Dictionary<string, NameLookup> { ["mixpanel"] = new([live, live with { Id = "y" }]) }, Options);

        var plan = Plan(WholePipeline(), [Recorded(Source(), "sc-1")], bases);

        Assert.Equal(ConnectionAction.Replace, plan.For(PipelineKind.SourceConnection, "events").Action);
        Assert.Equal(ConnectionAction.Create, plan.For(PipelineKind.Dataflow, "ingest").Action);
        Assert.NotNull(plan.For(PipelineKind.Dataflow, "ingest").Error);
    }

    [Fact]
    public void Counts_leave_refused_decisions_out()
    {
        var plan = Plan([Source(), Target(), Flow(target: "nowhere")], []);

        Assert.Equal(2, plan.Count(ConnectionAction.Create));
        Assert.Single(plan.Errors);
    }

    [Fact]
    public void A_removed_object_still_used_by_two_names_both_users_in_order()
    {
        var second = Flow(key: "another", name: "Another flow");
        var plan = Plan([second, Flow(), Target()], [.. RecordedPipeline(), Recorded(second, "flow-2")]);

        Assert.Equal("sourceConnections.events is removed from the definitions but is still used by dataflows.another, dataflows.ingest; it is not deleted: "
            + "remove or re-point those definitions, or declare it again", plan.For(PipelineKind.SourceConnection, "events").Error);
    }

    [Fact]
    public void A_base_connection_removed_under_two_source_connections_names_both_in_order()
    {
        var second = Source(key: "another", name: "Another");
        var bases = Bases([], [(Base(), "base-1")]);

        var plan = Plan([second, Source()], [], bases);

        Assert.Equal("connections.mixpanel is removed from the definitions but is still used by sourceConnections.another, sourceConnections.events; it is not deleted: "
            + "remove or re-point those definitions, or declare it again", plan.For(null, "mixpanel").Error);
    }

    [Fact]
    public void A_patched_dataflow_whose_declared_state_changed_is_updated_and_switched()
    {
        var desired = WithBody(Flow(enabled: false), body => body["name"] = "Renamed");

        var plan = Plan([Source(), Target(), desired], RecordedPipeline());

        var update = Assert.IsType<PipelineChange.Update>(plan.For(PipelineKind.Dataflow, "ingest"));
        Assert.Equal(FlowStateAction.Disable, update.StateAction);
    }

    [Fact]
    public void A_create_changes_everything()
    {
        var plan = Plan(WholePipeline(), []);

        Assert.All(plan.Changes, c => Assert.Equal(["*"], c.ChangedPaths));
    }

    [Fact]
    public void Objects_order_by_level_then_kind_with_base_connections_first_then_key()
    {
        ObjectRef[] refs =
        [
            new(PipelineKind.Dataflow, "a"), new(PipelineKind.TargetConnection, "a"), new(PipelineKind.SourceConnection, "b"),
            new(PipelineKind.SourceConnection, "a"), ObjectRef.BaseConnection("z"), ObjectRef.BaseConnection("y"),
        ];

        Assert.Equal(["connections.y", "connections.z", "sourceConnections.a", "sourceConnections.b", "targetConnections.a", "dataflows.a"],
            refs.Order(ObjectRefOrder.Instance).Select(r => r.ToString()));
    }
}
