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
    public void Every_catalog_alias_is_offered_for_completion_by_the_schema()
    {
        var schema = File.ReadAllText(Path.Combine(Infra, "connections.schema.json"));

        Assert.All(ConnectionSpecCatalog.LoadEmbedded().Sources, s => Assert.Contains($"\"{s.Alias}\"", schema, StringComparison.Ordinal));
    }
}
