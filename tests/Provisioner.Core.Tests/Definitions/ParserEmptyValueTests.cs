namespace Provisioner.Core.Tests.Definitions;

/// <summary>Every field the service needs a value for refuses an empty (or blank) string with a located error: an
/// empty name would be looked up and created as "", an empty secret name would read the variable AEP_SECRET_.</summary>
public sealed class ParserEmptyValueTests
{
    private const string File = "infra/connections.yaml";

    [Theory]
    [InlineData("name: \"\"\n    source: mixpanel\n    auth: { specName: Basic Authentication }", "3:11 connections.k.name")]
    [InlineData("name: K\n    source: \"\"\n    auth: { specName: Basic Authentication }", "4:13 connections.k.source")]
    [InlineData("name: K\n    connectionSpec: { id: \"\" }\n    auth: { specName: Basic Authentication }", "4:27 connections.k.connectionSpec.id")]
    [InlineData("name: K\n    connectionSpec: { id: x, version: \"  \" }\n    auth: { specName: Basic Authentication }", "4:39 connections.k.connectionSpec.version")]
    [InlineData("name: K\n    source: mixpanel\n    auth: { specName: \" \" }", "5:23 connections.k.auth.specName")]
    [InlineData("name: K\n    source: mixpanel\n    auth: { specName: B, params: { password: { secret: \"\" } } }", "5:56 connections.k.auth.params.password.secret")]
    public void An_empty_required_string_is_a_located_error_and_no_definition(string body, string where)
    {
        var result = DefinitionsParser.Parse($"connections:\n  k:\n    {body}\n", File);

        var error = Assert.Single(result.Errors);
        Assert.Equal($"{File}:{where}: must not be empty", error.ToString());
        Assert.Empty(result.Document.Connections);
    }

    [Fact]
    public void An_empty_description_is_allowed_and_kept()
    {
        var result = DefinitionsParser.Parse("""
            connections:
              k:
                name: K
                description: ""
                source: mixpanel
                auth: { specName: Basic Authentication }
            """, File);

        Assert.Empty(result.Errors);
        Assert.Equal("", Assert.Single(result.Document.Connections).Description);
    }

    [Fact]
    public void A_connection_spec_without_version_leaves_the_version_to_the_spec()
    {
        var result = DefinitionsParser.Parse("""
            connections:
              k:
                name: K
                connectionSpec: { id: abc }
                auth: { specName: Basic Authentication }
            """, File);

        Assert.Empty(result.Errors);
        var definition = Assert.Single(result.Document.Connections);
        Assert.Equal(("abc", null), (definition.ConnectionSpecId, definition.ConnectionSpecVersion));
        Assert.Null(definition.Source);
        Assert.Equal(new SourceLocation(File, 4, 27, "connections.k.connectionSpec.id"), definition.SpecLocation);
        Assert.Equal(new SourceLocation(File, 5, 23, "connections.k.auth.specName"), definition.AuthSpecNameLocation);
        Assert.Equal(new SourceLocation(File, 5, 5, "connections.k.auth"), definition.ParamsLocation);
    }
}
