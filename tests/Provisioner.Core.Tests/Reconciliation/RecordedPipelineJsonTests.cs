using Provisioner.Core.Tests.Pipeline;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The pipeline part of the state file: a contract with every file written, read back whole or refused with
/// the section, key and field that is wrong.</summary>
public sealed class RecordedPipelineJsonTests
{
    private static RecordedState State() => RecordedState.Empty with
    {
        Pipeline = RecordedState.PipelineFrom(PipelineFixture.RecordedPipeline()),
    };

    [Fact]
    public void The_format_groups_objects_by_section_and_writes_references_as_keys()
    {
        var json = RecordedPipelineJson.ToJson(State());

        Assert.Equal(["sourceConnections", "targetConnections", "dataflows"], json.Select(p => p.Key));
        var flow = json["dataflows"]!["ingest"]!;
        Assert.Equal("flow-1", flow["id"]!.GetValue<string>());
        Assert.Equal("\"etag-flow-1\"", flow["etag"]!.GetValue<string>());
        Assert.Equal("""["sourceConnections.events"]""", flow["inputs"]!["references"]!["sourceConnectionIds"]!.ToJsonString());
        Assert.True(flow["inputs"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("""["connections.mixpanel"]""", json["sourceConnections"]!["events"]!["inputs"]!["references"]!["baseConnectionId"]!.ToJsonString());
        Assert.Null(json["sourceConnections"]!["events"]!["inputs"]!["enabled"]);
    }

    [Fact]
    public void Reading_gives_back_the_same_objects_which_plan_as_unchanged()
    {
        var state = State();
        var read = RecordedPipelineJson.FromJson(JsonNode.Parse(RecordedPipelineJson.ToJson(state).ToJsonString())!.AsObject());

        Assert.Equal(state.Pipeline.Keys, read.Keys);
        foreach (var (at, expected) in state.Pipeline)
        {
            var actual = read[at];
            Assert.Equal((expected.Id, expected.Etag, expected.Inputs.Enabled), (actual.Id, actual.Etag, actual.Inputs.Enabled));
            Assert.False(PipelineDiff.Compute(expected.Inputs, actual.Inputs).HasChanges);
            Assert.Equal(expected.Inputs.References.Keys.Order(), actual.Inputs.References.Keys.Order());
        }
    }

    [Fact]
    public void An_empty_object_is_no_pipeline()
    {
        Assert.Empty(RecordedPipelineJson.FromJson([]));
        Assert.Equal("{}", RecordedPipelineJson.ToJson(RecordedState.Empty).ToJsonString());
    }

    [Theory]
    [InlineData("""{"flows":{}}""", "unknown section 'flows'")]
    [InlineData("""{"dataflows":[]}""", "'dataflows' must be an object of keys")]
    [InlineData("""{"dataflows":{"ingest":{"etag":"e","inputs":{"body":{}}}}}""", "'dataflows.ingest' is not readable: missing 'id'")]
    [InlineData("""{"dataflows":{"ingest":{"id":"f","etag":"e"}}}""", "'dataflows.ingest' is not readable: missing 'inputs'")]
    [InlineData("""{"dataflows":{"ingest":{"id":"f","etag":"e","inputs":{"body":[]}}}}""", "'dataflows.ingest' is not readable: 'body' has the wrong type")]
    [InlineData("""{"dataflows":{"ingest":{"id":"f","etag":"e","inputs":{"body":{},"enabled":"yes"}}}}""", "'enabled' must be true or false")]
    [InlineData("""{"dataflows":{"ingest":{"id":"f","etag":"e","inputs":{"body":{},"references":{"sourceConnectionIds":"sourceConnections.a"}}}}}""",
        "'references.sourceConnectionIds' must be a list of keys")]
    [InlineData("""{"dataflows":{"ingest":{"id":"f","etag":"e","inputs":{"body":{},"references":{"sourceConnectionIds":["a"]}}}}}""",
        "must hold keys such as \"connections.mixpanel\"")]
    [InlineData("""{"dataflows":{"ingest":{"id":"f","etag":"e","inputs":{"body":{},"references":{"sourceConnectionIds":["things.a"]}}}}}""",
        "section 'things' is not a kind of object")]
    public void A_corrupt_pipeline_state_is_refused_with_its_location(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RecordedPipelineJson.FromJson(JsonNode.Parse(json)!.AsObject()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_refuses_a_pipeline_id_recorded_twice_and_empty_ids()
    {
        var records = PipelineFixture.RecordedPipeline();
        var state = RecordedState.Empty with
        {
            Pipeline = RecordedState.PipelineFrom([records[0], records[1] with { Id = records[0].Id }, records[2] with { Etag = " " }]),
        };

        var problems = RecordedStateValidator.Validate(state);

        Assert.Contains(problems, p => p.Contains("targetConnections.lake", StringComparison.Ordinal) && p.Contains("sc-1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("dataflows.ingest", StringComparison.Ordinal) && p.Contains("etag", StringComparison.Ordinal));
    }

    [Fact]
    public void Old_halves_of_replacements_read_back_whole_and_state_without_them_reads_as_none()
    {
        var state = State() with
        {
            Superseded = [new SupersededObject(ObjectRef.BaseConnection("mixpanel"), "conn-old", []),
                new SupersededObject(new ObjectRef(PipelineKind.SourceConnection, "events"), "source-old", [new ObjectRef(PipelineKind.Dataflow, "ingest")])],
        };
        var json = RecordedPipelineJson.ToJson(state);

        Assert.Equal("""[{"of":"connections.mixpanel","id":"conn-old","usedBy":[]},{"of":"sourceConnections.events","id":"source-old","usedBy":["dataflows.ingest"]}]""",
            json["superseded"]!.ToJsonString());
        var read = RecordedPipelineJson.ReadInto(RecordedState.Empty, JsonNode.Parse(json.ToJsonString())!.AsObject());
        Assert.Equal(state.Pipeline.Keys, read.Pipeline.Keys);
        Assert.Equal(state.Superseded.Select(o => (o.Of, o.Id, string.Join(",", o.UsedBy))), read.Superseded.Select(o => (o.Of, o.Id, string.Join(",", o.UsedBy))));

        var before = RecordedPipelineJson.ToJson(State());
        Assert.Null(before["superseded"]);
        Assert.Empty(RecordedPipelineJson.ReadInto(RecordedState.Empty, before).Superseded);
    }

    [Theory]
    [InlineData("""{"superseded": {}}""", "'superseded' must be a list")]
    [InlineData("""{"superseded": [{"id": "x"}]}""", "'superseded[0]'")]
    [InlineData("""{"superseded": [{"of": "mixpanel", "id": "x"}]}""", "'of' must hold keys such as")]
    public void An_unreadable_old_half_is_refused_with_where(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RecordedPipelineJson.ReadInto(RecordedState.Empty, JsonNode.Parse(text)!.AsObject()));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
