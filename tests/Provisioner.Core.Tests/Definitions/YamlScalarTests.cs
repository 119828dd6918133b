using Provisioner.Core.Definitions.Yaml;

namespace Provisioner.Core.Tests.Definitions;

/// <summary>How a YAML scalar is typed (the YAML 1.2 core schema, as Adobe's and Pulumi's YAML readers do) and what
/// a param literal becomes: a wrong type here silently sends a different value to the service.</summary>
public sealed class YamlScalarTests
{
    private const string File = "infra/connections.yaml";

    private static YamlTreeScalar Scalar(string text) =>
        Assert.IsType<YamlTreeScalar>(Assert.IsType<YamlTreeMapping>(YamlTreeReader.Read("v: " + text + "\n")).Entries[0].Value);

    /// <summary>The core-schema kind <paramref name="text"/> reads as, and the CLR value a param literal becomes.</summary>
    private static void AssertTyped(string text, YamlScalarKind kind, object? value)
    {
        var scalar = Scalar(text);
        Assert.Equal(kind, scalar.Kind);
        Assert.Equal(value, YamlTreeReader.ToClrValue(scalar));
    }

    [Theory]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("Null")]
    [InlineData("NULL")]
    [InlineData("")]
    public void Null_spellings_of_the_core_schema_are_null(string text) =>
        AssertTyped(text, YamlScalarKind.Null, null);

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    public void Boolean_spellings_of_the_core_schema_are_booleans(string text, bool expected) =>
        AssertTyped(text, YamlScalarKind.Boolean, expected);

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("443", 443L)]
    [InlineData("-7", -7L)]
    [InlineData("+12", 12L)]
    public void Integers_are_longs(string text, long expected) =>
        AssertTyped(text, YamlScalarKind.Integer, expected);

    [Fact]
    public void An_integer_beyond_long_keeps_every_digit() =>
        AssertTyped("123456789012345678901234", YamlScalarKind.Integer, 123456789012345678901234m);

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.25", -0.25)]
    [InlineData(".5", 0.5)]
    [InlineData("2.", 2.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("+6.02E+2", 602.0)]
    public void Floats_are_doubles(string text, double expected) =>
        AssertTyped(text, YamlScalarKind.Float, expected);

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("1.2.3")]
    [InlineData("0x1F")]
    [InlineData("e3")]
    [InlineData("\"true\"")]
    [InlineData("'42'")]
    [InlineData("\"~\"")]
    [InlineData("!!str 42")]
    [InlineData("!!str true")]
    [InlineData("!!str null")]
    public void Quoted_tagged_or_non_core_scalars_are_strings(string text)
    {
        var scalar = Scalar(text);
        Assert.Equal(YamlScalarKind.String, scalar.Kind);
        Assert.Equal(scalar.Value, YamlTreeReader.ToClrValue(scalar));
    }

    [Fact]
    public void Block_scalars_are_strings()
    {
        var scalar = Scalar("|\n  42\n");
        Assert.Equal((YamlScalarKind.String, "42\n"), (scalar.Kind, scalar.Value));
    }

    [Theory]
    [InlineData("v: !!int 42\n", "YAML tag 'tag:yaml.org,2002:int' is not supported", 1, 4)]
    [InlineData("v: !!str { a: 1 }\n", "YAML tag 'tag:yaml.org,2002:str' is not supported", 1, 4)]
    [InlineData("v: !!seq [a]\n", "YAML tag 'tag:yaml.org,2002:seq' is not supported", 1, 4)]
    [InlineData("v: !custom x\n", "YAML tag '!custom' is not supported", 1, 4)]
    [InlineData("v: *nowhere\n", "unknown alias '*nowhere'", 1, 4)]
    public void Unsupported_tags_and_unknown_aliases_are_located_errors(string text, string message, int line, int column)
    {
        var error = Assert.Throws<YamlTreeException>(() => YamlTreeReader.Read(text));
        Assert.Equal((message, line, column), (error.Message, error.Line, error.Column));
    }

    [Fact]
    public void A_second_document_is_refused_where_it_starts()
    {
        var error = Assert.Throws<YamlTreeException>(() => YamlTreeReader.Read("a: 1\n---\nb: 2\n"));
        Assert.Equal((2, 1), (error.Line, error.Column));
    }

    [Fact]
    public void Positions_are_one_based_lines_and_columns()
    {
        var root = Assert.IsType<YamlTreeMapping>(YamlTreeReader.Read("a:\n  b: [x, y]\n"));
        Assert.Equal((1, 1), (root.Line, root.Column));
        var inner = Assert.IsType<YamlTreeMapping>(root.Entries[0].Value);
        Assert.Equal((2, 3), (inner.Line, inner.Column));
        var list = Assert.IsType<YamlTreeSequence>(inner.Entries[0].Value);
        Assert.Equal((2, 6), (list.Line, list.Column));
        Assert.Equal(["x", "y"], list.Items.Cast<YamlTreeScalar>().Select(s => s.Value));
        Assert.Equal((2, 10), (list.Items[1].Line, list.Items[1].Column));
    }

    [Fact]
    public void Malformed_yaml_names_the_problem_once_without_the_parsers_position_prefix()
    {
        var error = Assert.Throws<YamlTreeException>(() => YamlTreeReader.Read("a: [1, 2\n"));
        Assert.StartsWith("malformed YAML: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Line:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_comments_is_no_document()
    {
        Assert.Null(YamlTreeReader.Read("# nothing\n"));
    }

    [Fact]
    public void Param_literals_keep_their_yaml_type()
    {
        var result = DefinitionsParser.Parse("""
            connections:
              k:
                name: K
                source: sftp
                auth:
                  specName: S
                  params: { a: True, b: FALSE, c: 1.5, d: 22, e: !!str 22, f: "x", g: 123456789012345678901234 }
            """, File);

        Assert.Empty(result.Errors);
        var literals = Assert.Single(result.Document.Connections).Params.ToDictionary(p => p.Name, p => p.Literal!.ToJsonString());
        Assert.Equal("true", literals["a"]);
        Assert.Equal("false", literals["b"]);
        Assert.Equal("1.5", literals["c"]);
        Assert.Equal("22", literals["d"]);
        Assert.Equal("\"22\"", literals["e"]);
        Assert.Equal("\"x\"", literals["f"]);
        Assert.Equal("123456789012345678901234", literals["g"]);
    }

    [Theory]
    [InlineData("NULL")]
    [InlineData("~")]
    [InlineData("Null")]
    public void A_param_spelled_null_has_no_value(string text)
    {
        var result = DefinitionsParser.Parse($"connections:\n  k:\n    name: K\n    source: sftp\n    auth: {{ specName: S, params: {{ port: {text} }} }}\n", File);

        Assert.Equal($"{File}:5:42 connections.k.auth.params.port: the param has no value; give a value, a {{ secret: NAME }} reference, or remove it",
            Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("connections:\n  ~: { name: K }\n", "2:3 connections: a key must be a plain name")]
    [InlineData("connections:\n  ? [a, b]\n  : { name: K }\n", "2:5 connections: a key must be a plain name")]
    [InlineData("connections:\n  ? { a: 1 }\n  : { name: K }\n", "2:5 connections: a key must be a plain name")]
    [InlineData("~: {}\n", "1:1: a key must be a plain name")]
    public void Null_or_non_scalar_keys_are_refused_where_they_stand(string yaml, string where)
    {
        var errors = DefinitionsParser.Parse(yaml, File).Errors.Select(e => e.ToString()).ToArray();
        Assert.Contains($"{File}:{where}", errors);
    }
}
