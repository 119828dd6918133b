using Provisioner.Core.Definitions.Yaml;

namespace Provisioner.Core.Tests.Definitions;

/// <summary>What a wrong shape is called and where it is reported: the kind found, the path of the field, the order
/// of errors within a line, and YAML the reader cannot continue past.</summary>
public sealed class ParserShapeTests
{
    private const string File = "infra/connections.yaml";

    private static string[] Errors(string yaml) => DefinitionsParser.Parse(yaml, File).Errors.Select(e => e.ToString()).ToArray();

    private static string Entry(string fields) => "connections:\n  k:\n" + fields;

    [Theory]
    [InlineData("{ a: 1 }", "a mapping", false)]
    [InlineData("[a]", "a list", false)]
    [InlineData("~", "nothing (null)", true)]
    [InlineData("true", "a boolean", true)]
    [InlineData("12", "an integer", true)]
    [InlineData("1.5", "a number", true)]
    public void A_name_that_is_not_a_string_says_what_was_found_and_only_a_scalar_is_told_to_quote_it(string value, string found, bool quoteIt)
    {
        var expected = $"{File}:3:11 connections.k.name: expected a string, found {found}" + (quoteIt ? " (quote it to make it a string)" : "");
        Assert.Contains(expected, Errors(Entry($"    name: {value}\n    source: mixpanel\n")));
    }

    [Theory]
    [InlineData("    name: K\n    description: 5\n    source: mixpanel\n",
        "4:18 connections.k.description: expected a string, found an integer (quote it to make it a string)")]
    [InlineData("    name: K\n    source: mixpanel\n    auth: 5\n",
        "5:11 connections.k.auth: expected a mapping with keys specName, params, found an integer")]
    [InlineData("    name: K\n    source: mixpanel\n    auth: { specName: Basic, params: [a] }\n",
        "5:38 connections.k.auth.params: expected a mapping of param name → value")]
    public void A_description_auth_or_params_of_the_wrong_shape_is_reported_at_that_field_saying_what_it_takes(string fields, string expected)
    {
        Assert.Equal([$"{File}:{expected}"], Errors(Entry(fields)));
    }

    [Fact]
    public void Errors_on_one_line_come_in_column_order()
    {
        Assert.Equal(
        [
            $"{File}:2:14 connections.k.name: expected a string, found an integer (quote it to make it a string)",
            $"{File}:2:25 connections.k.source: expected a string, found an integer (quote it to make it a string)",
        ], Errors("connections:\n  k: { name: 1, source: 2 }\n"));
    }

    [Fact]
    public void A_string_tag_on_a_list_is_refused()
    {
        Assert.Equal([$"{File}:3:11: YAML tag 'tag:yaml.org,2002:str' is not supported"], Errors(Entry("    name: !!str [a]\n    source: mixpanel\n")));
    }

    [Fact]
    public void Malformed_YAML_is_reported_once_at_its_position_without_the_readers_own_position_prefix()
    {
        var error = Assert.Single(Errors("connections:\n  k: [a\n"));

        Assert.StartsWith($"{File}:3:1: malformed YAML: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Line:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("): ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_the_YAML_reader_fails_on_without_a_syntax_error_is_still_a_located_syntax_error()
    {
        // YamlDotNet throws an InvalidOperationException rather than a YamlException for a stream that opens with a
        // document end marker followed by a stray bracket (found by the reliability fuzz tests).
        Assert.Equal([$"{File}:1:1: malformed YAML: the YAML reader could not continue past this point"], Errors("...\n]"));
    }

    [Fact]
    public void A_location_prints_as_file_line_column_and_path()
    {
        Assert.Equal("f.yaml:3:7 connections.k.name", new SourceLocation("f.yaml", 3, 7, "connections.k.name").ToString());
    }

    [Fact]
    public void For_the_schema_check_a_key_that_is_not_a_scalar_becomes_a_question_mark()
    {
        Assert.Equal("""{"?":"b","c":1}""", YamlTreeJson.ToJson(YamlTreeReader.Read("? [a]\n: b\nc: 1\n")!)!.ToJsonString());
    }
}
