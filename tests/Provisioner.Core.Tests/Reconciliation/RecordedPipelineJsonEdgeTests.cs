using Provisioner.Core.Tests.Pipeline;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The edges of the pipeline state format: the exact words of its refusals, reference keys cut at their
/// first dot, and the values that round-trip (a disabled flow, several references in one field).</summary>
public sealed class RecordedPipelineJsonEdgeTests
{
    private static string Refusal(string json) =>
        Assert.Throws<FormatException>(() => RecordedPipelineJson.FromJson(JsonNode.Parse(json)!.AsObject())).Message;

    private static string WithReference(string reference) =>
        """{"dataflows":{"ingest":{"id":"f","etag":"e","inputs":{"body":{},"references":{"sourceConnectionIds":[""" + reference + "]}}}}}";

    [Fact]
    public void An_unknown_section_is_refused_naming_the_known_ones()
    {
        Assert.Equal("recorded pipeline state has an unknown section 'flows' (expected sourceConnections, targetConnections, dataflows)",
            Refusal("""{"flows":{}}"""));
    }

    [Theory]
    [InlineData("\"connections.\"")]
    [InlineData("\".mixpanel\"")]
    [InlineData("\"connections\"")]
    [InlineData("5")]
    [InlineData("null")]
    public void A_reference_that_is_not_a_section_and_a_key_is_refused(string reference)
    {
        Assert.Equal("recorded state of 'dataflows.ingest' is not readable: 'references.sourceConnectionIds' must hold keys such as \"connections.mixpanel\"",
            Refusal(WithReference(reference)));
    }

    [Fact]
    public void A_reference_to_an_unknown_section_names_the_whole_reference()
    {
        Assert.Equal("recorded state of 'dataflows.ingest' is not readable: 'references.sourceConnectionIds' names 'things.a', whose section 'things' is not a kind of object",
            Refusal(WithReference("\"things.a\"")));
    }

    [Fact]
    public void A_reference_is_cut_at_its_first_dot_and_one_character_on_each_side_is_enough()
    {
        var read = RecordedPipelineJson.FromJson(JsonNode.Parse(WithReference("\"sourceConnections.a.b\", \"connections.m\", \"targetConnections.t\""))!.AsObject());

        Assert.Equal([new ObjectRef(PipelineKind.SourceConnection, "a.b"), ObjectRef.BaseConnection("m"), new ObjectRef(PipelineKind.TargetConnection, "t")],
            read.Values.Single().Inputs.References["sourceConnectionIds"]);
    }

    [Fact]
    public void A_record_without_references_or_enabled_reads_as_none()
    {
        var read = RecordedPipelineJson.FromJson(JsonNode.Parse("""{"targetConnections":{"lake":{"id":"t","etag":"e","inputs":{"body":{"name":"L"}}}}}""")!.AsObject());

        var record = read[new ObjectRef(PipelineKind.TargetConnection, "lake")];
        Assert.Equal(("t", "e", (bool?)null, "L"), (record.Id, record.Etag, record.Inputs.Enabled, record.Inputs.Name));
        Assert.Empty(record.Inputs.References);
        Assert.Equal(new SourceLocation("recorded state", 0, 0, "targetConnections.lake"), record.Inputs.Location);
    }

    [Fact]
    public void A_disabled_dataflow_with_two_sources_round_trips()
    {
        var flow = PipelineFixture.Flow(enabled: false) with
        {
            References = new Dictionary<string, IReadOnlyList<ObjectRef>>
            {
                ["targetConnectionIds"] = [new(PipelineKind.TargetConnection, "lake")],
                ["sourceConnectionIds"] = [new(PipelineKind.SourceConnection, "b"), new(PipelineKind.SourceConnection, "a")],
            },
        };
        var state = RecordedState.Empty with { Pipeline = RecordedState.PipelineFrom([PipelineFixture.Recorded(flow, "flow-1")]) };

        var json = RecordedPipelineJson.ToJson(state);
        var read = RecordedPipelineJson.FromJson(JsonNode.Parse(json.ToJsonString())!.AsObject()).Values.Single();

        Assert.Equal("""{"sourceConnectionIds":["sourceConnections.b","sourceConnections.a"],"targetConnectionIds":["targetConnections.lake"]}""",
            json["dataflows"]!["ingest"]!["inputs"]!["references"]!.ToJsonString());
        Assert.False(read.Inputs.Enabled);
        Assert.Equal(flow.References["sourceConnectionIds"], read.Inputs.References["sourceConnectionIds"]);
    }

    private static string SupersededRefusal(string entry) =>
        Assert.Throws<FormatException>(() => RecordedPipelineJson.SupersededFromJson(JsonNode.Parse("""{"superseded":[""" + entry + "]}")!.AsObject())).Message;

    [Fact]
    public void An_old_half_whose_of_or_used_by_is_not_a_key_path_is_refused_naming_that_field()
    {
        Assert.Equal("recorded state of 'superseded[0]' is not readable: 'of' must hold keys such as \"connections.mixpanel\"",
            SupersededRefusal("""{"of":"mixpanel","id":"old-1"}"""));
        Assert.Equal("recorded state of 'superseded[0]' is not readable: 'usedBy' must hold keys such as \"connections.mixpanel\"",
            SupersededRefusal("""{"of":"connections.mixpanel","id":"old-1","usedBy":["events"]}"""));
    }

    [Fact]
    public void Several_objects_of_one_kind_are_all_written_under_their_section()
    {
        var state = RecordedState.Empty with
        {
            Pipeline = RecordedState.PipelineFrom([PipelineFixture.Recorded(PipelineFixture.Source(), "sc-1"),
                PipelineFixture.Recorded(PipelineFixture.Source(key: "clicks", name: "Mixpanel clicks"), "sc-2")]),
        };

        var json = RecordedPipelineJson.ToJson(state);

        Assert.Equal(["clicks", "events"], json["sourceConnections"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["sc-2", "sc-1"], RecordedPipelineJson.FromJson(json).Values.Select(r => r.Id));
    }
}
