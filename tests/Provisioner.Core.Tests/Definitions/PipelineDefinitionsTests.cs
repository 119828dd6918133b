namespace Provisioner.Core.Tests.Definitions;

/// <summary>sourceConnections, targetConnections and dataflows: every bad input is a located error (all at once,
/// before any write); a valid pipeline resolves to the OAS create bodies with references by key.</summary>
public sealed class PipelineDefinitionsTests
{
    private const string File = ValidPipelineFile.Path;
    private const string Valid = ValidPipelineFile.Text;

    private static Task<DefinitionsResult> Load(string yaml, ResolveOptions? options = null) =>
        DefinitionsResolver.LoadAsync(yaml, File, TestCatalog.Create(), ValidPipelineFile.Secrets, options ?? ResolveOptions.Live);

    private static async Task<string[]> Errors(string yaml) => [.. (await Load(yaml)).Errors.Select(e => e.ToString())];

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");

    /// <summary>The valid file with one piece of text replaced (which must occur exactly once).</summary>
    private static string With(string find, string replace)
    {
        Assert.Single(Valid.Split(find)[1..]);
        return Valid.Replace(find, replace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_pipeline_resolves_to_create_bodies_with_references_by_key()
    {
        var result = await Load(Valid);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Notes);
        var pipeline = result.Desired!.Pipeline;
        Assert.Equal([PipelineKind.SourceConnection, PipelineKind.TargetConnection, PipelineKind.Dataflow], pipeline.Select(o => o.Kind));

        var source = pipeline[0];
        Assert.Equal(("events", new SourceLocation(File, 13, 3, "sourceConnections.events"), (bool?)null), (source.Key, source.Location, source.Enabled));
        AssertJson("""{"name":"Mixpanel events","data":{"format":"json"},"params":{"projectId":"2384945","window":{"days":7}},"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb","version":"1.0"}}""",
            source.Body);
        Assert.Equal([ObjectRef.BaseConnection("mixpanel")], source.References["baseConnectionId"]);

        var target = pipeline[1];
        AssertJson("""{"name":"Events dataset","data":{"format":"parquet_xdm","schema":{"id":"https://ns.adobe.com/acme/schemas/1","version":"application/vnd.adobe.xed-full+json;version=1"}},"params":{"dataSetId":"5f1ef9ffb7d8a4194bf4ee2b"},"connectionSpec":{"id":"c604ff05-7f1a-43c0-8e18-33bf874cb11c","version":"1.0"}}""",
            target.Body);
        Assert.Empty(target.References);

        var flow = pipeline[2];
        Assert.True(flow.Enabled);
        AssertJson("""{"name":"Events to dataset","scheduleParams":{"startTime":1700000000,"frequency":"minute","interval":"15","backfill":true},"flowSpec":{"id":"6499120c-0b15-42dc-936e-847ea3c24d72","version":"1.0"}}""",
            flow.Body);
        Assert.Equal([new ObjectRef(PipelineKind.SourceConnection, "events")], flow.References["sourceConnectionIds"]);
        Assert.Equal([new ObjectRef(PipelineKind.TargetConnection, "dataset")], flow.References["targetConnectionIds"]);
    }

    [Fact]
    public async Task The_produced_bodies_are_valid_OAS_create_requests()
    {
        var result = await Load(With("schedule:", """
            transformations: [ { name: Mapping, params: { mappingId: bf5286a9c1ad4266baca76ba3adc9366, mappingVersion: "0" } } ]
                enabled: false
                schedule:
            """));
        var contract = Provisioner.Testing.OpenApiContract.LoadAdobe();

        Assert.Empty(result.Errors);
        foreach (var (desired, route) in result.Desired!.Pipeline.Select(o => (o, PipelineKindInfo.Of(o.Kind).Route)))
        {
            var request = desired.ToRequest(r => $"id-of-{r.Key}");
            var check = contract.FindOperation("POST", "/" + route).ValidateRequest(request);
            Assert.True(check.IsValid, check.ToString());
        }
        var flow = result.Desired.Pipeline[2];
        Assert.False(flow.Enabled);
        Assert.Equal("""[{"name":"Mapping","params":{"mappingId":"bf5286a9c1ad4266baca76ba3adc9366","mappingVersion":"0"}}]""", flow.Body["transformations"]!.ToJsonString());
        Assert.Equal("""["id-of-events"]""", flow.ToRequest(r => $"id-of-{r.Key}")["sourceConnectionIds"]!.ToJsonString());
    }

    [Fact]
    public async Task A_file_with_only_connections_has_no_pipeline()
    {
        var result = await Load(Valid[..Valid.IndexOf("sourceConnections:", StringComparison.Ordinal)]);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Desired!.Pipeline);
        Assert.Equal(["mixpanel", "s3"], result.Desired.Entries.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    // References: dangling, and to the wrong section (saying which section has the key).
    [InlineData("source: events", "source: nope",
        "infra/connections.yaml:27:13 dataflows.flow.source: no source connection has key 'nope'; keys under 'sourceConnections:': events")]
    [InlineData("source: events", "source: dataset",
        "infra/connections.yaml:27:13 dataflows.flow.source: 'dataset' is a target connection (targetConnections.dataset), not a source connection: 'source' names a key under 'sourceConnections:'")]
    [InlineData("source: events", "source: mixpanel",
        "infra/connections.yaml:27:13 dataflows.flow.source: 'mixpanel' is a base connection (connections.mixpanel), not a source connection: 'source' names a key under 'sourceConnections:'")]
    [InlineData("target: dataset", "target: events",
        "infra/connections.yaml:28:13 dataflows.flow.target: 'events' is a source connection (sourceConnections.events), not a target connection: 'target' names a key under 'targetConnections:'")]
    [InlineData("baseConnection: mixpanel", "baseConnection: nope",
        "infra/connections.yaml:15:21 sourceConnections.events.baseConnection: no base connection has key 'nope'; keys under 'connections:': mixpanel, s3")]
    [InlineData("baseConnection: mixpanel", "baseConnection: flow",
        "infra/connections.yaml:15:21 sourceConnections.events.baseConnection: 'flow' is a dataflow (dataflows.flow), not a base connection: 'baseConnection' names a key under 'connections:'")]
    // Missing documented fields.
    [InlineData("    name: Mixpanel events\n", "",
        "infra/connections.yaml:14:5 sourceConnections.events.name: missing required key 'name'")]
    [InlineData("    data: { format: json }\n", "",
        "infra/connections.yaml:14:5 sourceConnections.events.data: missing required key 'data'")]
    [InlineData("data: { format: json }", "data: { properties: { compressionType: gzip } }",
        "infra/connections.yaml:16:11 sourceConnections.events.data.format: missing required key 'format'")]
    [InlineData("    baseConnection: mixpanel\n", "",
        "infra/connections.yaml:14:5 sourceConnections.events.baseConnection: missing required key 'baseConnection'")]
    [InlineData("    flowSpec: RestStorageToAEP\n", "",
        "infra/connections.yaml:25:5 dataflows.flow.flowSpec: missing required key 'flowSpec'")]
    [InlineData("    source: events\n", "",
        "infra/connections.yaml:25:5 dataflows.flow.source: missing required key 'source'")]
    [InlineData("    target: dataset\n", "",
        "infra/connections.yaml:25:5 dataflows.flow.target: missing required key 'target'")]
    // A Data Lake target connection names its dataset.
    [InlineData("    params: { dataSetId: 5f1ef9ffb7d8a4194bf4ee2b }\n", "",
        "infra/connections.yaml:19:3 targetConnections.dataset.params.dataSetId: missing required param 'dataSetId' of the Data Lake target connection spec (the id of the dataset the data lands in)")]
    [InlineData("params: { dataSetId: 5f1ef9ffb7d8a4194bf4ee2b }", "params: { dataSetID: 5f1ef9ffb7d8a4194bf4ee2b }",
        "infra/connections.yaml:22:5 targetConnections.dataset.params.dataSetId: missing required param 'dataSetId' of the Data Lake target connection spec (the id of the dataset the data lands in)")]
    // Flow specs: unknown, and not pairing the source's or the target's connection spec.
    [InlineData("flowSpec: RestStorageToAEP", "flowSpec: RestToAEP",
        "infra/connections.yaml:26:15 dataflows.flow.flowSpec: unknown flow spec 'RestToAEP'; known flow specs: CRMToAEP, CloudStorageToAEP, RestStorageToAEP (or give flowSpec: { id, version })")]
    [InlineData("flowSpec: RestStorageToAEP", "flowSpec: { id: 00000000-0000-4000-8000-000000000000, version: \"1.0\" }",
        "infra/connections.yaml:26:21 dataflows.flow.flowSpec.id: unknown flow spec id '00000000-0000-4000-8000-000000000000'")]
    [InlineData("flowSpec: RestStorageToAEP", "flowSpec: CRMToAEP",
        "infra/connections.yaml:27:13 dataflows.flow.source: flow spec 'CRMToAEP' (14518937-270c-4525-bdec-c2ba7cce3860) does not take sources of connection spec 'fd2c8ff3-1de0-4f6b-8fa8-4264784870eb' (the spec of sourceConnections.events, from its base connection); pick a flow spec that pairs the source and target connection specs")]
    [InlineData("baseConnection: mixpanel", "baseConnection: s3",
        "infra/connections.yaml:27:13 dataflows.flow.source: flow spec 'RestStorageToAEP' (6499120c-0b15-42dc-936e-847ea3c24d72) does not take sources of connection spec 'ecadc60c-7455-4d87-84dc-2a0e293d997b' (the spec of sourceConnections.events, from its base connection); pick a flow spec that pairs the source and target connection specs")]
    [InlineData("    name: Events dataset\n", "    name: Events dataset\n    connectionSpec: { id: 8a9c3494-9708-43d7-ae3f-cda01e5030e1 }\n",
        "infra/connections.yaml:29:13 dataflows.flow.target: flow spec 'RestStorageToAEP' (6499120c-0b15-42dc-936e-847ea3c24d72) does not take targets of connection spec '8a9c3494-9708-43d7-ae3f-cda01e5030e1' (the spec of targetConnections.dataset); pick a flow spec that pairs the source and target connection specs")]
    // Schedules: types, frequencies, per-frequency intervals.
    [InlineData("startTime: 1700000000", "startTime: tomorrow",
        "infra/connections.yaml:29:28 dataflows.flow.schedule.startTime: expected epoch seconds, e.g. 1700000000, found a string")]
    [InlineData("startTime: 1700000000", "startTime: -5",
        "infra/connections.yaml:29:28 dataflows.flow.schedule.startTime: expected epoch seconds, e.g. 1700000000, found -5")]
    [InlineData("startTime: 1700000000", "startTime: 1.7e9",
        "infra/connections.yaml:29:28 dataflows.flow.schedule.startTime: expected epoch seconds, e.g. 1700000000, found a number")]
    [InlineData("frequency: minute", "frequency: monthly",
        "infra/connections.yaml:29:51 dataflows.flow.schedule.frequency: unknown frequency 'monthly'; expected one of once, minute, hour, day, week")]
    [InlineData("interval: 15", "interval: 5",
        "infra/connections.yaml:29:69 dataflows.flow.schedule.interval: expected at least 15 when the frequency is 'minute', found 5")]
    [InlineData("frequency: minute, interval: 15", "frequency: hour, interval: 0",
        "infra/connections.yaml:29:67 dataflows.flow.schedule.interval: expected a positive whole number, found 0")]
    [InlineData("interval: 15, ", "",
        "infra/connections.yaml:29:15 dataflows.flow.schedule.interval: missing required key 'interval' (every frequency but 'once' needs one)")]
    [InlineData("frequency: minute, interval: 15, backfill: true", "frequency: once, interval: 15",
        "infra/connections.yaml:29:57 dataflows.flow.schedule.interval: must be left out when the frequency is 'once'")]
    [InlineData("backfill: true", "backfill: \"yes\"",
        "infra/connections.yaml:29:83 dataflows.flow.schedule.backfill: expected true or false, found a string")]
    [InlineData("backfill: true", "backfil: true",
        "infra/connections.yaml:29:73 dataflows.flow.schedule.backfil: unknown key 'backfil'; allowed: startTime, frequency, interval, backfill")]
    // Wrong YAML types, unknown fields, duplicate keys and names.
    [InlineData("    target: dataset\n", "    target: dataset\n    enabled: \"no\"\n",
        "infra/connections.yaml:29:14 dataflows.flow.enabled: expected true or false, found a string")]
    [InlineData("data: { format: json }", "data: json",
        "infra/connections.yaml:16:11 sourceConnections.events.data: expected a mapping with keys format, schema, properties, found a string")]
    [InlineData("params: { dataSetId: 5f1ef9ffb7d8a4194bf4ee2b }", "params: [ 5f1ef9ffb7d8a4194bf4ee2b ]",
        "infra/connections.yaml:22:13 targetConnections.dataset.params: expected a mapping, found a list")]
    [InlineData("    target: dataset\n", "    target: dataset\n    transformations: { name: Mapping }\n",
        "infra/connections.yaml:29:22 dataflows.flow.transformations: expected a list of { name, params }, found a mapping")]
    [InlineData("    target: dataset\n", "    target: dataset\n    transformations: [ { name: Mapping } ]\n",
        "infra/connections.yaml:29:24 dataflows.flow.transformations[0].params: missing required key 'params'")]
    [InlineData("name: Events to dataset", "name: 42",
        "infra/connections.yaml:25:11 dataflows.flow.name: expected a string, found an integer (quote it to make it a string)")]
    [InlineData("flowSpec: RestStorageToAEP", "flowSpec: [ RestStorageToAEP ]",
        "infra/connections.yaml:26:15 dataflows.flow.flowSpec: expected a flow spec name (such as RestStorageToAEP) or { id, version }, found a list")]
    [InlineData("    target: dataset\n", "    target: dataset\n    colour: blue\n",
        "infra/connections.yaml:29:5 dataflows.flow.colour: unknown key 'colour'; allowed: name, flowSpec, source, target, description, schedule, transformations, enabled")]
    [InlineData("    name: Events dataset\n", "    name: Events dataset\n    name: Events\n",
        "infra/connections.yaml:21:5 targetConnections.dataset.name: duplicate key 'name' (first defined at line 20, column 5)")]
    [InlineData("dataflows:\n", "dataflows:\n  flow:\n    name: Other\n    flowSpec: RestStorageToAEP\n    source: events\n    target: dataset\n",
        "infra/connections.yaml:29:3 dataflows.flow: duplicate key 'flow' (first defined at line 24, column 3)")]
    [InlineData("targetConnections:\n", "targetConnections:\n  other:\n    name: Events dataset\n    data: { format: parquet_xdm }\n    params: { dataSetId: a }\n",
        "infra/connections.yaml:24:11 targetConnections.dataset.name: duplicate name: 'Events dataset' is also the name of targetConnections.other (line 20); the service finds target connections by name, so names must be unique")]
    [InlineData("sourceConnections:\n", "sourceConnections:\n  \"bad key\": {}\n",
        "infra/connections.yaml:13:3 sourceConnections.bad key: a source connection key is 1-64 letters, digits, '-' or '_', starting with a letter or digit")]
    // Secrets: only a base connection carries them.
    [InlineData("params: { projectId: \"2384945\", window: { days: 7 } }", "params: { projectId: \"2384945\", token: { secret: mixpanelPassword } }",
        "infra/connections.yaml:17:44 sourceConnections.events.params.token: a secret reference is not allowed in a source connection: only a base connection carries credentials (connections.<key>.auth.params, where secrets are kept out of state, logs and outputs); this value is sent and stored as written, so give a literal")]
    public async Task Each_bad_input_is_one_located_error(string find, string replace, string expected)
    {
        var errors = await Errors(With(find, replace));

        Assert.Equal([expected], errors);
    }

    [Fact]
    public async Task Params_that_aliases_expand_beyond_reason_are_one_error_not_a_hang()
    {
        var bomb = "    params:\n      a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            + string.Concat(Enumerable.Range(0, 8).Select(i => $"      {(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}]\n"));

        var errors = await Errors(With("    params: { projectId: \"2384945\", window: { days: 7 } }\n", bomb));

        var error = Assert.Single(errors);
        Assert.Contains("sourceConnections.events.params.", error, StringComparison.Ordinal);
        Assert.Contains("too many values: this mapping holds more than 100000 (YAML aliases count each time they are used)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lint_without_secrets_still_checks_the_pipeline()
    {
        var result = await DefinitionsResolver.ResolveAsync(DefinitionsParser.Parse(With("target: dataset", "target: nope"), File), TestCatalog.Create(), secrets: null);

        Assert.Null(result.Desired);
        Assert.Equal(["infra/connections.yaml:28:13 dataflows.flow.target: no target connection has key 'nope'; keys under 'targetConnections:': dataset"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_section_that_is_not_a_mapping_is_located()
    {
        var errors = await Errors(Valid[..Valid.IndexOf("dataflows:", StringComparison.Ordinal)] + "dataflows: [ flow ]\n");

        Assert.Equal(["infra/connections.yaml:23:12 dataflows: expected a mapping of dataflow key → definition (use '{}' for none)"], errors);
    }

    [Fact]
    public async Task Every_error_of_every_kind_is_reported_at_once()
    {
        var yaml = Valid
            .Replace("name: S3", "name: 3", StringComparison.Ordinal)
            .Replace("baseConnection: mixpanel", "baseConnection: nope", StringComparison.Ordinal)
            .Replace("    params: { dataSetId: 5f1ef9ffb7d8a4194bf4ee2b }\n", "", StringComparison.Ordinal)
            .Replace("flowSpec: RestStorageToAEP", "flowSpec: Unknown", StringComparison.Ordinal);

        var errors = await Errors(yaml);

        Assert.Equal([
            "infra/connections.yaml:9:11 connections.s3.name: expected a string, found an integer (quote it to make it a string)",
            "infra/connections.yaml:15:21 sourceConnections.events.baseConnection: no base connection has key 'nope'; keys under 'connections:': mixpanel, s3",
            "infra/connections.yaml:19:3 targetConnections.dataset.params.dataSetId: missing required param 'dataSetId' of the Data Lake target connection spec (the id of the dataset the data lands in)",
            "infra/connections.yaml:25:15 dataflows.flow.flowSpec: unknown flow spec 'Unknown'; known flow specs: CRMToAEP, CloudStorageToAEP, RestStorageToAEP (or give flowSpec: { id, version })",
        ], errors);
    }

    [Fact]
    public async Task Offline_an_unknown_flow_spec_id_is_accepted_with_a_note()
    {
        var result = await Load(With("flowSpec: RestStorageToAEP", "flowSpec: { id: 00000000-0000-4000-8000-000000000000 }"), ResolveOptions.Offline());

        Assert.Empty(result.Errors);
        Assert.Equal(["infra/connections.yaml:26:21 dataflows.flow.flowSpec.id: flow spec '00000000-0000-4000-8000-000000000000' is not in the embedded catalog; it is checked against the service when applying, before any write"],
            result.Notes.Select(n => n.ToString()));
        Assert.Equal("""{"id":"00000000-0000-4000-8000-000000000000","version":"1.0"}""", result.Desired!.Pipeline[2].Body["flowSpec"]!.ToJsonString());
    }

    [Theory]
    [InlineData("startTime: 1700000000, frequency: minute, interval: 15, backfill: true", """{"startTime":1700000000,"frequency":"minute","interval":"15","backfill":true}""")]
    [InlineData("startTime: \"1700000000\", frequency: hour, interval: \"2\"", """{"startTime":1700000000,"frequency":"hour","interval":"2"}""")]
    [InlineData("startTime: 1700000000, frequency: once", """{"startTime":1700000000,"frequency":"once"}""")]
    [InlineData("startTime: 0, frequency: week, interval: 1, backfill: false", """{"startTime":0,"frequency":"week","interval":"1","backfill":false}""")]
    public async Task Schedules_are_normalised_to_the_OAS_types(string schedule, string expected)
    {
        var result = await Load(With("startTime: 1700000000, frequency: minute, interval: 15, backfill: true", schedule));

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Desired!.Pipeline[2].Body["scheduleParams"]!.ToJsonString());
    }

    [Fact]
    public async Task A_target_connection_of_another_spec_keeps_its_spec_and_needs_no_dataset()
    {
        var result = await Load(With("    params: { dataSetId: 5f1ef9ffb7d8a4194bf4ee2b }\n",
            "    connectionSpec: { id: 8a9c3494-9708-43d7-ae3f-cda01e5030e1, version: \"2.0\" }\n    baseConnection: s3\n")
            .Replace("flowSpec: RestStorageToAEP", "flowSpec: { id: 00000000-0000-4000-8000-000000000000 }", StringComparison.Ordinal), ResolveOptions.Offline());

        Assert.Empty(result.Errors);
        var target = result.Desired!.Pipeline[1];
        Assert.Equal("""{"id":"8a9c3494-9708-43d7-ae3f-cda01e5030e1","version":"2.0"}""", target.Body["connectionSpec"]!.ToJsonString());
        Assert.Equal([ObjectRef.BaseConnection("s3")], target.References["baseConnectionId"]);
    }

    [Fact]
    public async Task A_source_connection_through_a_destination_base_connection_is_refused()
    {
        var yaml = """
            connections:
              landing:
                name: Landing zone
                destination: data-landing-zone
            sourceConnections:
              events:
                name: Events
                baseConnection: landing
                data: { format: json }
            """;

        var result = await DefinitionsResolver.LoadAsync(yaml, File, SourceCatalog.Offline, ValidPipelineFile.Secrets, ResolveOptions.Offline());

        Assert.Equal(["infra/connections.yaml:8:21 sourceConnections.events.baseConnection: connections.landing is a destination connection; a source connection reads through a source base connection"],
            result.Errors.Select(e => e.ToString()));
    }
}
