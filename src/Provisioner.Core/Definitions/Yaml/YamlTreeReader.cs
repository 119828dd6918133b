using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Provisioner.Core.Definitions.Yaml;

/// <summary>Reads one YAML document into a <see cref="YamlTreeNode"/> tree with YamlDotNet's event parser.
/// Syntax errors surface as <see cref="YamlTreeException"/> with the parser's position.</summary>
internal static partial class YamlTreeReader
{
    /// <summary>Returns <c>null</c> for a stream without a document (empty file, comments only).</summary>
    public static YamlTreeNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, anchors);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                throw new YamlTreeException(Line(second.Start), Column(second.Start),
                    "a definitions file holds one YAML document; remove the second '---' document");
            }
            // Stryker disable once Statement : after a document end that no document start follows, only the stream end can come
            parser.Consume<StreamEnd>();
            return root;
        }
        catch (YamlException e)
        {
            throw new YamlTreeException(Line(e.Start), Column(e.Start), "malformed YAML: " + e.Message); // YamlDotNet 18's messages carry no position of their own
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner fails with these instead of a YamlException on some malformed input (found by the
            // reliability fuzz tests): still a syntax error of the file, located at the last event read.
            // Stryker disable once NullCoalescing : the inputs known to land here ("...\n]") fail at the stream start, where both are 1:1
            var at = parser.Current?.Start ?? Mark.Empty;
            throw new YamlTreeException(Line(at), Column(at), "malformed YAML: the YAML reader could not continue past this point");
        }
    }

    private static YamlTreeNode ReadNode(IParser parser, Dictionary<string, YamlTreeNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlTreeException(Line(alias.Start), Column(alias.Start), $"unknown alias '*{alias.Value.Value}'");
        }
        YamlTreeNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            CheckTag(scalar.Tag, scalar.Start, allowString: true);
            node = new YamlTreeScalar(scalar.Value, Resolve(scalar), Line(scalar.Start), Column(scalar.Start));
            anchor = scalar.Anchor;
        }
        else if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            CheckTag(mappingStart.Tag, mappingStart.Start, allowString: false);
            var entries = new List<YamlTreeEntry>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors);
                var value = ReadNode(parser, anchors);
                entries.Add(new YamlTreeEntry(key, value));
            }
            node = new YamlTreeMapping(entries, Line(mappingStart.Start), Column(mappingStart.Start));
            anchor = mappingStart.Anchor;
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            CheckTag(sequenceStart.Tag, sequenceStart.Start, allowString: false);
            var items = new List<YamlTreeNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, anchors));
            }
            node = new YamlTreeSequence(items, Line(sequenceStart.Start), Column(sequenceStart.Start));
            anchor = sequenceStart.Anchor;
        }
        else
        {
            // Stryker disable all : unreachable: where a node is expected YamlDotNet's parser yields one of the four node events above or throws
            var current = parser.Current;
            throw new YamlTreeException(current is null ? 1 : Line(current.Start), current is null ? 1 : Column(current.Start),
                "malformed YAML: unexpected " + (current?.GetType().Name ?? "end of input"));
            // Stryker restore all
        }
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
        return node;
    }

    // Only the core schema is understood; a custom tag would silently change meaning, so it is refused.
    private static void CheckTag(TagName tag, Mark start, bool allowString)
    {
        if (tag.IsEmpty || tag.IsNonSpecific || (allowString && IsStringTag(tag)))
        {
            return;
        }
        throw new YamlTreeException(Line(start), Column(start), $"YAML tag '{tag.Value}' is not supported");
    }

    private static bool IsStringTag(TagName tag) => !tag.IsEmpty && !tag.IsNonSpecific && tag.Value == "tag:yaml.org,2002:str";

    private static YamlScalarKind Resolve(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain || IsStringTag(scalar.Tag))
        {
            return YamlScalarKind.String;
        }
        var v = scalar.Value;
        if (v.Length == 0 || v is "~" or "null" or "Null" or "NULL")
        {
            return YamlScalarKind.Null;
        }
        if (v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return YamlScalarKind.Boolean;
        }
        if (IntegerPattern().IsMatch(v))
        {
            return YamlScalarKind.Integer;
        }
        return FloatPattern().IsMatch(v) ? YamlScalarKind.Float : YamlScalarKind.String;
    }

    /// <summary>The scalar as a boolean/number per the core schema; <c>null</c> when it is not one.</summary>
    public static object? ToClrValue(YamlTreeScalar scalar) => scalar.Kind switch
    {
        YamlScalarKind.Boolean => scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase),
        YamlScalarKind.Integer => long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? (object)l
            : decimal.Parse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        YamlScalarKind.Float => double.Parse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture),
        YamlScalarKind.String => scalar.Value,
        _ => null,
    };

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);
    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}

/// <summary>A YAML text that cannot be read as a tree, with the 1-based position of the problem.</summary>
internal sealed class YamlTreeException(int line, int column, string message) : Exception(message)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}
