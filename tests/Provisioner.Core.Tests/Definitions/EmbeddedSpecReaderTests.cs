using YamlDotNet.RepresentationModel;

namespace Provisioner.Core.Tests.Definitions;

/// <summary>The emulator's catalog format turned into the JSON Schema shape the service serves.</summary>
public sealed class EmbeddedSpecReaderTests
{
    private static YamlMappingNode Yaml(string text) => TestYaml.Mapping(text);

    [Fact]
    public void Params_become_a_draft_07_schema_with_required_secret_pattern_enum_and_typed_defaults()
    {
        var specs = EmbeddedSpecReader.Read(Yaml("""
            defaults: { version: "9.0" }
            sources:
              - id: ABCDEF00-0000-4000-8000-000000000000
                name: Thing
                connectorName: thing
                category: crm
                authSpecs:
                  - name: Basic
                    type: BasicAuthentication
                    params:
                      - { name: host, required: true, description: where, pattern: "^h" }
                      - { name: password, required: TRUE, secret: true }
                      - { name: port, type: integer, default: "22" }
                      - { name: ratio, type: number, default: "0.5" }
                      - { name: tls, type: boolean, default: "true" }
                      - { name: mode, enum: [a, b], default: a }
                      - { name: bad, type: integer, default: x }
                      - { type: string }
                  - type: NoName
              - name: no id
              - id: 11111111-0000-4000-8000-000000000000
                name: Versioned
                version: "2.1"
            destinations:
              - { id: 22222222-0000-4000-8000-000000000000, name: Out }
            """));

        Assert.Equal(["Thing", "Versioned", "Out"], specs.Select(s => s.Name));
        Assert.Equal("""{"connectorName":null,"category":null,"isSource":false,"isDestination":true}""", specs[2].Attributes!.ToJsonString());
        var thing = specs[0];
        Assert.Equal(("abcdef00-0000-4000-8000-000000000000", "Thing", "9.0"), (thing.Id, thing.Name, thing.Version));
        Assert.Equal("""{"connectorName":"thing","category":"crm","isSource":true,"isDestination":false}""", thing.Attributes!.ToJsonString());
        var basic = Assert.Single(thing.AuthSpecs);
        Assert.Equal(("Basic", "BasicAuthentication"), (basic.Name, basic.Type));
        Assert.Equal(
            """{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"host":{"type":"string","description":"where","pattern":"^h"},"password":{"type":"string","format":"password"},"port":{"type":"integer","default":22},"ratio":{"type":"number","default":0.5},"tls":{"type":"boolean","default":true},"mode":{"type":"string","enum":["a","b"],"default":"a"},"bad":{"type":"integer"}},"required":["host","password"]}""",
            basic.Spec!.ToJsonString());
        Assert.Equal(("Versioned", "2.1"), (specs[1].Name, specs[1].Version));
        Assert.Empty(specs[1].AuthSpecs);
    }

    [Fact]
    public void Without_defaults_the_version_is_1_0_and_without_sources_there_are_no_specs()
    {
        Assert.Equal("1.0", Assert.Single(EmbeddedSpecReader.Read(Yaml("sources: [ { id: x, name: y } ]"))).Version);
        Assert.Empty(EmbeddedSpecReader.Read(Yaml("other: 1")));
    }
}
