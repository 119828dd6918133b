using static Provisioner.Core.Tests.Pipeline.PipelineFixture;

namespace Provisioner.Core.Tests.Pipeline;

/// <summary>How reference fields differ, against the record and against the service: a field either side lacks is a
/// change, fields are named in order, and one reference in a field that gets a new id is enough to need a new object.</summary>
public sealed class PipelineDiffReferenceTests
{
    private static readonly ObjectRef Events = new(PipelineKind.SourceConnection, "events");
    private static readonly ObjectRef Other = new(PipelineKind.SourceConnection, "other");
    private static readonly ObjectRef Lake = new(PipelineKind.TargetConnection, "lake");

    private static DesiredPipelineObject FlowWith(params (string Field, ObjectRef[] Refs)[] fields) => Flow() with
    {
        References = fields.ToDictionary(f => f.Field, f => (IReadOnlyList<ObjectRef>)f.Refs, StringComparer.Ordinal),
    };

    [Fact]
    public void A_reference_field_only_one_side_has_is_a_replacement_and_fields_are_named_in_order()
    {
        var recorded = FlowWith(("targetConnectionIds", [Lake]));
        var desired = FlowWith(("sourceConnectionIds", [Events]));

        Assert.Equal(["sourceConnectionIds", "targetConnectionIds"], PipelineDiff.Compute(recorded, desired).ReplacePaths);
        Assert.Equal(["sourceConnectionIds", "targetConnectionIds"], PipelineDiff.Compute(desired, recorded).ReplacePaths);
    }

    [Fact]
    public void Against_the_service_fields_pointing_elsewhere_are_named_in_order()
    {
        var served = Served("flow-1", Flow(), r => "elsewhere-" + r.Key);

        var changes = PipelineDiff.CompareWithService(served, Flow(), r => "id-" + r.Key);

        Assert.Equal(["sourceConnectionIds", "targetConnectionIds"], changes.ReplacePaths);
    }

    [Fact]
    public void Against_the_service_one_reference_of_a_field_that_gets_a_new_id_needs_a_new_object()
    {
        // The served flow reads from sc-1 and from an id shown empty; "other" gets a new id in this plan (null).
        var desired = FlowWith(("sourceConnectionIds", [Events, Other]), ("targetConnectionIds", [Lake]));
        string? IdOf(ObjectRef r) => r == Other ? null : "id-" + r.Key;
        var served = Served("flow-1", desired, r => IdOf(r) ?? "");

        var changes = PipelineDiff.CompareWithService(served, desired, IdOf);

        Assert.Equal(["sourceConnectionIds"], changes.ReplacePaths);
    }
}
