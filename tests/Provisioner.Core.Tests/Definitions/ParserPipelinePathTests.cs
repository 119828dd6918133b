namespace Provisioner.Core.Tests.Definitions;

/// <summary>The parser's half of the pipeline sections: every field the service needs a value for refuses an empty
/// string at its own path, wrongly typed optional fields are located, and a definition records where its spec, params
/// and flow spec were written (the resolver's errors point there).</summary>
public sealed class ParserPipelinePathTests
{
    private const string File = "infra/connections.yaml";

    // The file needs its connections section; written last, it leaves the pipeline lines where the tests count them.
    private static DefinitionsParseResult Parse(string yaml) => DefinitionsParser.Parse(yaml + "connections: {}\n", File);

    private static string Source(string fields) => $"sourceConnections:\n  s:\n    {fields}\n";

    private static string Target(string fields) => $"targetConnections:\n  t:\n    {fields}\n";

    private static string Flow(string fields) => $"dataflows:\n  f:\n    {fields}\n";

    /// <summary>Every required string of a pipeline object left empty, with where the error points.</summary>
    public static TheoryData<string, string> EmptyRequiredStrings { get; } = new()
    {
        { "sourceConnections:\n  s:\n    name: \"\"\n    baseConnection: b\n    data: { format: json }\n", "3:11 sourceConnections.s.name" },
        { "sourceConnections:\n  s:\n    name: S\n    baseConnection: \" \"\n    data: { format: json }\n", "4:21 sourceConnections.s.baseConnection" },
        { "sourceConnections:\n  s:\n    name: S\n    baseConnection: b\n    data: { format: \"\" }\n", "5:21 sourceConnections.s.data.format" },
        { "targetConnections:\n  t:\n    name: T\n    data: { format: f, schema: { id: \"\" } }\n", "4:38 targetConnections.t.data.schema.id" },
        { "targetConnections:\n  t:\n    name: T\n    data: { format: f, schema: { id: x, version: \"\" } }\n", "4:50 targetConnections.t.data.schema.version" },
        { "targetConnections:\n  t:\n    name: T\n    data: { format: f }\n    connectionSpec: { id: \"\" }\n", "5:27 targetConnections.t.connectionSpec.id" },
        { "targetConnections:\n  t:\n    name: T\n    data: { format: f }\n    connectionSpec: { id: x, version: \"\" }\n", "5:39 targetConnections.t.connectionSpec.version" },
        { "dataflows:\n  f:\n    name: F\n    flowSpec: \"\"\n    source: s\n    target: t\n", "4:15 dataflows.f.flowSpec" },
        { "dataflows:\n  f:\n    name: F\n    flowSpec: { id: \"\" }\n    source: s\n    target: t\n", "4:21 dataflows.f.flowSpec.id" },
        { "dataflows:\n  f:\n    name: F\n    flowSpec: { id: x, version: \"\" }\n    source: s\n    target: t\n", "4:33 dataflows.f.flowSpec.version" },
        { "dataflows:\n  f:\n    name: F\n    flowSpec: x\n    source: \"\"\n    target: t\n", "5:13 dataflows.f.source" },
        { "dataflows:\n  f:\n    name: F\n    flowSpec: x\n    source: s\n    target: \"\"\n", "6:13 dataflows.f.target" },
        { "dataflows:\n  f:\n    name: F\n    flowSpec: x\n    source: s\n    target: t\n    transformations: [ { name: \"\", params: {} } ]\n", "7:32 dataflows.f.transformations[0].name" },
    };

    [Theory]
    [MemberData(nameof(EmptyRequiredStrings))]
    public void An_empty_required_string_is_a_located_error_and_no_definition(string yaml, string where)
    {
        var result = Parse(yaml);

        Assert.Equal([$"{File}:{where}: must not be empty"], result.Errors.Select(e => e.ToString()));
        Assert.Empty(result.Document.Pipeline);
    }

    /// <summary>Source connection fields written wrongly, each with where and what the error says.</summary>
    public static TheoryData<string, string> WronglyWrittenSourceFields { get; } = new()
    {
        { "name: S\n    description: 5\n    baseConnection: b\n    data: { format: json }", "4:18 sourceConnections.s.description: expected a string, found an integer (quote it to make it a string)" },
        { "name: S\n    baseConnection: b\n    data: { format: json, properties: [ 1 ] }", "5:39 sourceConnections.s.data.properties: expected a mapping, found a list" },
        { "name: S\n    baseConnection: b\n    data: { format: json, schema: { version: v } }", "5:35 sourceConnections.s.data.schema.id: missing required key 'id'" },
        { "name: S\n    baseConnection: b\n    data: { format: json, properties: { p: ~ } }", "5:44 sourceConnections.s.data.properties.p: the value is empty; give a value or remove the key" },
        { "name: S\n    baseConnection: b\n    data: { format: json, properties: { p: { secret: x } } }", "5:44 sourceConnections.s.data.properties.p: a secret reference is not allowed in a pipeline object: only a base connection carries credentials (connections.<key>.auth.params, where secrets are kept out of state, logs and outputs); this value is sent and stored as written, so give a literal" },
    };

    [Theory]
    [MemberData(nameof(WronglyWrittenSourceFields))]
    public void A_wrongly_written_optional_source_field_is_located(string fields, string expected)
    {
        var result = Parse(Source(fields));

        Assert.Equal([$"{File}:{expected}"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void An_empty_description_is_kept_and_a_schema_keeps_both_fields()
    {
        var result = Parse(Target("name: T\n    description: \"\"\n    data: { format: f, schema: { id: i, version: v }, properties: { a: [ 1, x ] } }"));

        Assert.Empty(result.Errors);
        var target = Assert.Single(result.Document.Pipeline);
        Assert.Equal("""{"name":"T","description":"","data":{"format":"f","schema":{"id":"i","version":"v"},"properties":{"a":[1,"x"]}}}""",
            target.Body.ToJsonString());
    }

    [Fact]
    public void A_target_records_where_its_spec_and_params_are_written()
    {
        var result = Parse(Target("name: T\n    data: { format: f }\n    connectionSpec: { id: abc, version: \"2.0\" }\n    params: { dataSetId: d }"));

        Assert.Empty(result.Errors);
        var target = Assert.Single(result.Document.Pipeline);
        Assert.Equal(("abc", "2.0"), (target.ConnectionSpecId, target.ConnectionSpecVersion));
        Assert.Equal(new SourceLocation(File, 5, 27, "targetConnections.t.connectionSpec.id"), target.SpecLocation);
        Assert.Equal(new SourceLocation(File, 6, 5, "targetConnections.t.params"), target.ParamsLocation);
        Assert.Equal(new SourceLocation(File, 2, 3, "targetConnections.t"), target.Location);
    }

    [Fact]
    public void A_target_without_spec_or_params_points_both_at_the_entry()
    {
        var result = Parse(Target("name: T\n    data: { format: f }"));

        var target = Assert.Single(result.Document.Pipeline);
        Assert.Equal((null, null), (target.ConnectionSpecId, target.ConnectionSpecVersion));
        Assert.Equal(target.Location, target.SpecLocation);
        Assert.Equal(target.Location, target.ParamsLocation);
        Assert.Null(target.Enabled);
        Assert.Null(target.FlowSpec);
    }

    [Fact]
    public void References_record_their_body_field_target_and_location()
    {
        var result = Parse(Source("name: S\n    baseConnection: b\n    data: { format: json }")
            + Flow("name: F\n    flowSpec: x\n    source: s\n    target: t"));

        Assert.Empty(result.Errors);
        Assert.Equal([new KeyReference("baseConnectionId", ObjectRef.BaseConnection("b"), new SourceLocation(File, 4, 21, "sourceConnections.s.baseConnection"))],
            result.Document.Pipeline[0].References);
        Assert.Equal([
            new KeyReference("sourceConnectionIds", new ObjectRef(PipelineKind.SourceConnection, "s"), new SourceLocation(File, 10, 13, "dataflows.f.source")),
            new KeyReference("targetConnectionIds", new ObjectRef(PipelineKind.TargetConnection, "t"), new SourceLocation(File, 11, 13, "dataflows.f.target")),
        ], result.Document.Pipeline[1].References);
    }

    [Theory]
    [InlineData("flowSpec: RestStorageToAEP", "RestStorageToAEP", null, null, "4:15 dataflows.f.flowSpec")]
    [InlineData("flowSpec: { id: abc }", null, "abc", null, "4:21 dataflows.f.flowSpec.id")]
    [InlineData("flowSpec: { id: abc, version: \"2.0\" }", null, "abc", "2.0", "4:21 dataflows.f.flowSpec.id")]
    public void A_flow_spec_is_a_name_or_an_id_with_its_location(string flowSpec, string? name, string? id, string? version, string at)
    {
        var result = Parse(Flow($"name: F\n    {flowSpec}\n    source: s\n    target: t"));

        Assert.Empty(result.Errors);
        var flow = Assert.Single(result.Document.Pipeline);
        Assert.Equal((name, id, version), (flow.FlowSpec!.Name, flow.FlowSpec.Id, flow.FlowSpec.Version));
        Assert.Equal(at, $"{flow.FlowSpec.Location.Line}:{flow.FlowSpec.Location.Column} {flow.FlowSpec.Location.Path}");
        Assert.True(flow.Enabled);
    }

    [Fact]
    public void A_flow_spec_mapping_without_an_id_is_one_error_and_no_definition()
    {
        var result = Parse(Flow("name: F\n    flowSpec: { version: \"1.0\" }\n    source: s\n    target: t"));

        Assert.Equal([$"{File}:4:15 dataflows.f.flowSpec.id: missing required key 'id'"], result.Errors.Select(e => e.ToString()));
        Assert.Empty(result.Document.Pipeline);
    }

    [Fact]
    public void A_schedule_frequency_left_empty_is_located_at_the_frequency()
    {
        var result = Parse(Flow("name: F\n    flowSpec: x\n    source: s\n    target: t\n    schedule: { startTime: 1, frequency: \"\" }"));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith($"{File}:7:42 dataflows.f.schedule.frequency: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_the_value_budget_of_params_is_accepted()
    {
        // 1 mapping + 99 999 values = 100 000 literal values: at the budget, not over it.
        var values = string.Join(", ", Enumerable.Repeat("1", 99_998));
        var result = Parse(Target($"name: T\n    data: {{ format: f }}\n    params: {{ a: [ {values} ] }}"));

        Assert.Empty(result.Errors);
        var read = Assert.Single(result.Document.Pipeline).Body["params"]!["a"]!.AsArray();
        Assert.Equal(99_998, read.Count);
        Assert.Equal(1, read[^1]!.GetValue<long>()); // the last value within the budget is read, not cut
    }

    [Fact]
    public void A_connection_spec_without_its_id_is_located_at_the_spec()
    {
        var result = Parse(Target("name: T\n    data: { format: f }\n    connectionSpec: { version: \"1.0\" }"));

        var error = Assert.Single(result.Errors);
        Assert.Equal($"{File}:5:21 targetConnections.t.connectionSpec.id: missing required key 'id'", error.ToString());
    }

    [Fact]
    public void A_schedule_that_is_not_a_mapping_is_one_located_error()
    {
        var result = Parse(Flow("name: F\n    flowSpec: x\n    source: s\n    target: t\n    schedule: hourly"));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith($"{File}:7:15 dataflows.f.schedule: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_value_the_rules_refuse_is_located_at_the_value()
    {
        var result = Parse(Flow("name: F\n    flowSpec: x\n    source: s\n    target: t\n    schedule: { startTime: 1, frequency: minute, interval: 5 }"));

        var error = Assert.Single(result.Errors);
        Assert.Equal($"{File}:7:60 dataflows.f.schedule.interval: expected at least 15 when the frequency is 'minute', found 5", error.ToString());
    }
}
