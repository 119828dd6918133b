using static Provisioner.Core.Tests.Pipeline.PipelineFixture;

namespace Provisioner.Core.Tests.Pipeline;

public sealed class PipelineDiffTests
{
    [Fact]
    public void Equal_objects_have_no_changes()
    {
        Assert.Same(ConnectionChanges.None, PipelineDiff.Compute(Flow(), Flow()));
    }

    [Fact]
    public void An_array_is_replaced_whole_and_a_member_removed_from_a_patchable_object_is_removed()
    {
        var before = Flow();
        before.Body["transformations"] = new JsonArray(new JsonObject { ["name"] = "Mapping", ["params"] = new JsonObject { ["mappingId"] = "m-1" } });
        before.Body["scheduleParams"]!["startTime"] = 1700000000;
        var after = Flow();
        after.Body["transformations"] = new JsonArray(new JsonObject { ["name"] = "Mapping", ["params"] = new JsonObject { ["mappingId"] = "m-2" } });

        var changes = PipelineDiff.Compute(before, after);

        Assert.Equal(["scheduleParams.startTime", "transformations"], changes.ChangedPaths);
        Assert.Equal([("remove", "/scheduleParams/startTime"), ("replace", "/transformations")], changes.Patch.Select(o => (o.Op, o.Path)));
        Assert.False(changes.RequiresReplace);
    }

    [Fact]
    public void A_key_with_a_slash_or_tilde_is_escaped_in_the_pointer_but_not_in_the_label()
    {
        var before = Source();
        var after = Source();
        after.Body["params"]!["a/b~c"] = 1;

        var changes = PipelineDiff.Compute(before, after);

        Assert.Equal(["params.a/b~c"], changes.ChangedPaths);
        Assert.Equal("/params/a~1b~0c", Assert.Single(changes.Patch).Path);
    }

    [Fact]
    public void Against_the_service_a_flow_matches_when_its_served_connection_ids_are_the_ones_the_plan_knows()
    {
        var ids = new Dictionary<ObjectRef, string>
        {
            [new(PipelineKind.SourceConnection, "events")] = "sc-1",
            [new(PipelineKind.TargetConnection, "lake")] = "tc-1",
        };
        var served = Served("flow-1", Flow(), r => ids[r], "enabled", item => item["inheritedAttributes"] = new JsonObject());

        Assert.False(PipelineDiff.CompareWithService(served, Flow(), r => ids[r]).HasChanges);
        Assert.Equal(["targetConnectionIds"],
            PipelineDiff.CompareWithService(served, Flow(), r => r.Kind == PipelineKind.TargetConnection ? "tc-2" : ids[r]).ReplacePaths);
        Assert.Equal(["sourceConnectionIds"],
            PipelineDiff.CompareWithService(served, Flow(), r => r.Kind == PipelineKind.SourceConnection ? null : ids[r]).ReplacePaths);
    }

    [Fact]
    public void Against_the_service_an_undeclared_served_description_is_removed()
    {
        var served = Served("tc-1", Target(), _ => "", edit: item => item["description"] = "set by hand");

        var changes = PipelineDiff.CompareWithService(served, Target(), _ => "");

        Assert.Equal(("remove", "/description"), (Assert.Single(changes.Patch).Op, changes.Patch[0].Path));
    }

    [Fact]
    public void Spec_ids_are_compared_ignoring_guid_case_against_the_record_and_the_service()
    {
        var upper = Flow(flowSpec: CrmToAep.ToUpperInvariant());
        var served = Served("tc-1", Target(specId: DataLakeSpec.ToUpperInvariant()), _ => "");

        Assert.False(PipelineDiff.Compute(Flow(), upper).HasChanges);
        Assert.False(PipelineDiff.CompareWithService(served, Target(), _ => "").HasChanges);
        Assert.Equal(["flowSpec.id"], PipelineDiff.Compute(Flow(), Flow(flowSpec: CloudStorageToAep)).ReplacePaths);
    }
}
