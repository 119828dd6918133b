using System.Text.Json;
using Json.Schema;
using Provisioner.Core.Definitions.Yaml;
using Provisioner.Core.Tests.Reconciliation;
using Provisioner.Emulator.Catalog;

namespace Provisioner.Core.Tests.Definitions;

/// <summary>The published JSON Schema (infra/connections.schema.json) accepts the example and rejects bad files.</summary>
public sealed class DefinitionsSchemaTests
{
    private static readonly string Infra = Path.GetDirectoryName(ExamplePath())!;

    // Built once: the library registers a schema under its $id and refuses to register it again.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(Infra, "connections.schema.json"))));

    private static string ExamplePath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Provisioner.sln")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory.FullName, "infra", "connections.yaml");
    }

    private static bool IsValid(string yaml)
    {
        var instance = JsonDocument.Parse(YamlTreeJson.ToJson(YamlTreeReader.Read(yaml)!)!.ToJsonString()).RootElement;
        return Schema.Value.Evaluate(instance).IsValid;
    }

    [Fact]
    public void The_example_file_carries_the_modeline_and_is_valid()
    {
        var example = File.ReadAllText(ExamplePath());

        Assert.StartsWith("# yaml-language-server: $schema=./connections.schema.json", example, StringComparison.Ordinal);
        Assert.True(IsValid(example));
    }

    [Fact]
    public void The_sources_and_destinations_example_carries_the_modeline_and_is_valid()
    {
        var example = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ExamplePath())!, "examples", "sources-and-destinations.yaml"));

        Assert.StartsWith("# yaml-language-server: $schema=../connections.schema.json", example, StringComparison.Ordinal);
        Assert.True(IsValid(example));
    }

    [Theory]
    [InlineData("connections:\n  k: { name: K, source: mixpanel, destination: s3-destination, auth: { specName: B } }\n")]
    [InlineData("connections:\n  k: { name: K, destination: data-landing-zone, connectionSpec: { id: 10440537-2a7b-4583-ac39-ed38d4b848e8 } }\n")]
    [InlineData("connections:\n  k: { name: K, source: mixpanel, auth: { specName: B, params: { password: { secret: pw, extra: 1 } } } }\n")]
    [InlineData("connections:\n  k: { name: K, auth: { specName: B } }\n")] // neither source, destination nor connectionSpec
    [InlineData("connections:\n  k: { name: K, source: mixpanel, connectionSpec: { id: fd2c8ff3-1de0-4f6b-8fa8-4264784870eb }, auth: { specName: B } }\n")]
    [InlineData("connections:\n  k: { name: K, source: mixpanel, colour: blue, auth: { specName: B } }\n")]
    [InlineData("connections:\n  k: { name: K, connectionSpec: { id: not-a-guid }, auth: { specName: B } }\n")]
    [InlineData("connections:\n  \"bad key\": { name: K, source: mixpanel, auth: { specName: B } }\n")]
    [InlineData("connections:\n  k: { name: K, source: mixpanel, auth: { specName: B, params: { list: [1] } } }\n")]
    [InlineData("other: {}\n")]
    public void The_schema_rejects_bad_files(string yaml) => Assert.False(IsValid(yaml));

    [Fact]
    public async Task The_example_file_resolves_against_the_emulator_catalog()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var result = await DefinitionsResolver.LoadAsync(File.ReadAllText(ExamplePath()), "infra/connections.yaml", harness.Catalog, EmulatorHarness.Secrets);

        Assert.Empty(result.Errors);
        Assert.Equal(["mixpanel", "s3-landing", "salesforce-crm"], result.Desired!.Entries.Keys.Order(StringComparer.Ordinal));
        var mixpanel = result.Desired.Entries["mixpanel"].Connection;
        Assert.Equal(("fd2c8ff3-1de0-4f6b-8fa8-4264784870eb", "Basic Authentication", "https://data.mixpanel.com"),
            (mixpanel.ConnectionSpec.Id, mixpanel.AuthSpecName, mixpanel.Params["host"]!.GetValue<string>()));
    }

    [Fact]
    public void The_pipeline_example_carries_the_modeline_and_is_valid()
    {
        var example = File.ReadAllText(Path.Combine(Infra, "examples", "pipeline.yaml"));

        Assert.StartsWith("# yaml-language-server: $schema=../connections.schema.json", example, StringComparison.Ordinal);
        Assert.True(IsValid(example));
        Assert.True(IsValid(ValidPipelineFile.Text));
    }

    [Fact]
    public async Task The_pipeline_example_resolves_offline_to_all_four_kinds()
    {
        var result = await DefinitionsResolver.LoadAsync(File.ReadAllText(Path.Combine(Infra, "examples", "pipeline.yaml")), "infra/examples/pipeline.yaml",
            SourceCatalog.Offline, EmulatorHarness.Secrets, ResolveOptions.Offline());

        Assert.Empty(result.Errors);
        Assert.Equal(["mixpanel"], result.Desired!.Entries.Keys);
        Assert.Equal(["mixpanel-events", "events-dataset", "mixpanel-to-dataset"], result.Desired.Pipeline.Select(o => o.Key));
    }

    // The schema keeps in step with the parser: what the parser refuses in the pipeline sections, the schema refuses too.
    [Theory]
    [InlineData("sourceConnections:\n  e: { name: E, data: { format: json } }\n")] // no baseConnection
    [InlineData("sourceConnections:\n  e: { name: E, baseConnection: b }\n")] // no data
    [InlineData("sourceConnections:\n  e: { name: E, baseConnection: b, data: { } }\n")] // no data.format
    [InlineData("sourceConnections:\n  e: { name: E, baseConnection: b, data: { format: json }, params: { token: { secret: t } } }\n")]
    [InlineData("sourceConnections:\n  e: { name: E, baseConnection: b, data: { format: json }, colour: blue }\n")]
    [InlineData("targetConnections:\n  t: { name: T, data: { format: parquet_xdm } }\n")] // Data Lake without dataSetId
    [InlineData("targetConnections:\n  t: { name: T, data: { format: parquet_xdm }, params: { other: x } }\n")]
    [InlineData("dataflows:\n  f: { name: F, source: s, target: t }\n")] // no flowSpec
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, target: t }\n")] // no source
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, source: s }\n")] // no target
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, source: s, target: t, enabled: \"yes\" }\n")]
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, source: s, target: t, schedule: { startTime: soon, frequency: hour, interval: 1 } }\n")]
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, source: s, target: t, schedule: { startTime: 1, frequency: monthly, interval: 1 } }\n")]
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, source: s, target: t, schedule: { startTime: 1, frequency: minute, interval: 5 } }\n")]
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, source: s, target: t, schedule: { startTime: 1, frequency: minute, interval: \"14\" } }\n")]
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, source: s, target: t, schedule: { startTime: 1, frequency: hour } }\n")]
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, source: s, target: t, schedule: { startTime: 1, frequency: once, interval: 1 } }\n")]
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, source: s, target: t, transformations: [ { name: Mapping } ] }\n")]
    [InlineData("dataflows: []\n")]
    public void The_schema_rejects_bad_pipeline_entries(string yaml) => Assert.False(IsValid("connections: {}\n" + yaml));

    [Theory]
    [InlineData("dataflows:\n  f: { name: F, flowSpec: { id: 6499120c-0b15-42dc-936e-847ea3c24d72 }, source: s, target: t, schedule: { startTime: \"1700000000\", frequency: minute, interval: \"15\" } }\n")]
    [InlineData("dataflows:\n  f: { name: F, flowSpec: X, source: s, target: t, schedule: { startTime: 1, frequency: once } }\n")]
    [InlineData("targetConnections:\n  t: { name: T, connectionSpec: { id: 8a9c3494-9708-43d7-ae3f-cda01e5030e1 }, data: { format: json } }\n")]
    [InlineData("targetConnections:\n  t: { name: T, data: { format: parquet_xdm }, params: { dataSetId: x } }\n")]
    [InlineData("sourceConnections:\n  e: { name: E, baseConnection: b, data: { format: json }, params: { token: t, nested: { a: [1, 2] } } }\n")]
    public void The_schema_accepts_what_the_parser_accepts(string yaml) => Assert.True(IsValid("connections: {}\n" + yaml));

    [Fact]
    public void Every_catalog_alias_is_offered_for_completion_by_the_schema()
    {
        var schema = File.ReadAllText(Path.Combine(Infra, "connections.schema.json"));

        Assert.All(ConnectionSpecCatalog.LoadEmbedded().Sources, s => Assert.Contains($"\"{s.Alias}\"", schema, StringComparison.Ordinal));
    }
}
