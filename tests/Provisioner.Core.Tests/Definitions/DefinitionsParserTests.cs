namespace Provisioner.Core.Tests.Definitions;

public sealed class DefinitionsParserTests
{
    private const string File = "infra/connections.yaml";

    private static string[] Errors(string yaml) =>
        DefinitionsParser.Parse(yaml, File).Errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Valid_file_yields_every_entry_with_positions()
    {
        var result = DefinitionsParser.Parse("""
            connections:
              mixpanel:
                name: Mixpanel
                source: mixpanel
                auth:
                  specName: Basic Authentication
                  params:
                    host: https://data.mixpanel.com
                    port: 443
                    password: { secret: mixpanelPassword }
            """, File);

        Assert.Empty(result.Errors);
        var definition = Assert.Single(result.Document.Connections);
        Assert.Equal("mixpanel", definition.Key);
        Assert.Equal("mixpanel", definition.Source);
        Assert.Equal(new SourceLocation(File, 3, 11, "connections.mixpanel.name"), definition.NameLocation);
        Assert.Collection(definition.Params,
            p => Assert.Equal(("host", "https://data.mixpanel.com"), (p.Name, p.Literal!.GetValue<string>())),
            p => Assert.Equal(("port", 443L), (p.Name, p.Literal!.GetValue<long>())),
            p =>
            {
                Assert.Equal(("password", "mixpanelPassword"), (p.Name, p.SecretName));
                Assert.Equal(new SourceLocation(File, 10, 19, "connections.mixpanel.auth.params.password"), p.Location);
            });
    }

    [Fact]
    public void Malformed_yaml_is_one_located_error()
    {
        var errors = Errors("""
            connections:
              mixpanel:
                name: "unterminated
                source: mixpanel
            """);

        var error = Assert.Single(errors);
        Assert.StartsWith("infra/connections.yaml:3:", error, StringComparison.Ordinal);
        Assert.Contains("malformed YAML", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_structural_error_of_a_file_is_reported_at_once_with_its_location()
    {
        var errors = Errors("""
            connections:
              a:
                name: First
                source: mixpanel
                colour: blue
                auth:
                  specName: Basic Authentication
              b:
                name: First
                source: mixpanel
                auth:
                  specName: Basic Authentication
              c:
                name: 42
                connectionSpec: { version: "1.0" }
                auth:
                  specName: Basic Authentication
                  params:
                    password: { secret: "not a name" }
                    other: [1, 2]
                    empty:
              d:
                name: D
                auth: { specName: X }
              d:
                name: duplicate key
            extra: true
            """);

        Assert.Equal(
        [
            "infra/connections.yaml:5:5 connections.a.colour: unknown key 'colour'; allowed: name, description, source, destination, connectionSpec, auth",
            "infra/connections.yaml:9:11 connections.b.name: duplicate name: 'First' is also the name of connections.a (line 3); the service finds connections by name, so names must be unique",
            "infra/connections.yaml:14:11 connections.c.name: expected a string, found an integer (quote it to make it a string)",
            "infra/connections.yaml:15:21 connections.c.connectionSpec.id: missing required key 'id'",
            "infra/connections.yaml:19:29 connections.c.auth.params.password.secret: a secret name is letters, digits and '_', starting with a letter (it maps to the environment variable AEP_SECRET_<NAME>)",
            "infra/connections.yaml:20:16 connections.c.auth.params.other: a param is a string, number, boolean or a { secret: NAME } reference, not a list",
            "infra/connections.yaml:21:15 connections.c.auth.params.empty: the param has no value; give a value, a { secret: NAME } reference, or remove it",
            "infra/connections.yaml:23:5 connections.d: missing 'source' or 'destination' (a catalog alias such as 'mixpanel' or 's3-destination') or 'connectionSpec: { id, version }'",
            "infra/connections.yaml:25:3 connections.d: duplicate key 'd' (first defined at line 22, column 3)",
            "infra/connections.yaml:27:1 extra: unknown key 'extra'; allowed: connections, sourceConnections, targetConnections, dataflows",
        ], errors);
    }

    [Theory]
    [InlineData("", "infra/connections.yaml:1:1: the file is empty: expected a mapping with a 'connections:' key")]
    [InlineData("# only a comment\n", "infra/connections.yaml:1:1: the file is empty: expected a mapping with a 'connections:' key")]
    [InlineData("- a\n- b\n", "infra/connections.yaml:1:1: expected a mapping with keys connections, sourceConnections, targetConnections, dataflows, found a list")]
    [InlineData("connections: []\n", "infra/connections.yaml:1:14 connections: expected a mapping of connection key → definition (use '{}' for none)")]
    [InlineData("connections: {}\nother: 1\n", "infra/connections.yaml:2:1 other: unknown key 'other'; allowed: connections, sourceConnections, targetConnections, dataflows")]
    [InlineData("connections:\n  \"bad key!\": {}\n", "infra/connections.yaml:2:3 connections.bad key!: a connection key is 1-64 letters, digits, '-' or '_', starting with a letter or digit")]
    [InlineData("connections:\n  k: just a string\n", "infra/connections.yaml:2:6 connections.k: expected a mapping with keys name, description, source, destination, connectionSpec, auth, found a string")]
    [InlineData("connections: {}\n---\nconnections: {}\n", "infra/connections.yaml:2:1: a definitions file holds one YAML document; remove the second '---' document")]
    [InlineData("connections: !!map {}\n", "infra/connections.yaml:1:14: YAML tag 'tag:yaml.org,2002:map' is not supported")]
    public void Bad_shapes_get_one_clear_located_error(string yaml, string expected)
    {
        var error = Assert.Single(Errors(yaml));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Missing_required_keys_are_each_reported()
    {
        var errors = Errors("""
            connections:
              k:
                description: no name, no auth
                source: mixpanel
            """);

        Assert.Equal(
        [
            "infra/connections.yaml:3:5 connections.k.name: missing required key 'name'",
        ], errors); // auth is checked against the spec by the resolver (a Data Landing Zone takes none)
    }

    [Fact]
    public void Source_and_connection_spec_together_are_refused()
    {
        var error = Assert.Single(Errors("""
            connections:
              k:
                name: K
                source: mixpanel
                connectionSpec: { id: fd2c8ff3-1de0-4f6b-8fa8-4264784870eb }
                auth: { specName: Basic Authentication }
            """));
        Assert.Equal("infra/connections.yaml:5:21 connections.k.connectionSpec: give one of 'source' or 'destination' (a catalog alias) or 'connectionSpec', not several", error);
    }

    [Fact]
    public void A_secret_reference_with_extra_keys_is_refused()
    {
        var error = Assert.Single(Errors("""
            connections:
              k:
                name: K
                source: mixpanel
                auth:
                  specName: Basic Authentication
                  params:
                    password: { secret: pw, value: hunter2 }
            """));
        Assert.Equal("infra/connections.yaml:8:33 connections.k.auth.params.password.value: unknown key 'value'; a mapping param value must be exactly { secret: NAME }", error);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Anchors_and_aliases_are_followed()
    {
        var result = DefinitionsParser.Parse("""
            connections:
              a:
                name: A
                source: mixpanel
                auth: &basic
                  specName: Basic Authentication
                  params: { host: h }
              b:
                name: B
                source: mixpanel
                auth: *basic
            """, File);

        Assert.Empty(result.Errors);
        Assert.Equal(["Basic Authentication", "Basic Authentication"], result.Document.Connections.Select(c => c.AuthSpecName));
    }
}
