using System.Text;
using System.Text.RegularExpressions;

namespace Provisioner.Emulator.Listing;

/// <summary>
/// One <c>property=</c> expression (reference §1.5): <c>field op value</c> with op one of <c>== != &gt;= &lt;= &gt; &lt;</c>.
/// For <c>==</c>/<c>!=</c> a comma-separated list means "in"/"not in". Values may be double-quoted (a quoted value may
/// contain commas). Comparison is ordinal on strings, numeric on epoch-ms fields.
/// </summary>
internal sealed partial record PropertyFilter(string Field, string Op, IReadOnlyList<string> Values)
{
    [GeneratedRegex(@"^(?<field>[A-Za-z][A-Za-z0-9_.]*)(?<op>==|!=|>=|<=|>|<)(?<value>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Expression();

    public static (PropertyFilter? Filter, FlowError? Error) Parse(string expression, IReadOnlyCollection<string> knownFields)
    {
        var match = Expression().Match(expression);
        if (!match.Success)
        {
            // Reference §2.2 lists 1440/1443/1448–1454 for bad filters without saying which is which: 1440 = malformed, 1443 = unknown field.
            return (null, FlowError.BadRequest(1440, $"Invalid property filter '{expression}': expected <field><op><value> with op one of ==, !=, >=, <=, >, <."));
        }

        var field = match.Groups["field"].Value;
        var op = match.Groups["op"].Value;
        if (!knownFields.Contains(field))
        {
            return (null, FlowError.BadRequest(1443, $"Invalid property filter '{expression}': field '{field}' cannot be filtered on (supported: {string.Join(", ", knownFields)})."));
        }

        var values = SplitValues(match.Groups["value"].Value);
        if (values is null || values.Count == 0 || values.Any(v => v.Length == 0 && op is not ("==" or "!=")))
        {
            return (null, FlowError.BadRequest(1440, $"Invalid property filter '{expression}': the value is missing or badly quoted."));
        }

        if (values.Count > 1 && op is not ("==" or "!="))
        {
            return (null, FlowError.BadRequest(1440, $"Invalid property filter '{expression}': a list of values is only allowed with == or !=."));
        }

        return (new PropertyFilter(field, op, values), null);
    }

    /// <summary>Whether a field value passes. <paramref name="actual"/> is null when the connection lacks the field.</summary>
    public bool Matches(string? actual, bool numeric)
    {
        if (Op == "==") return actual is not null && Values.Contains(actual);
        if (Op == "!=") return actual is null || !Values.Contains(actual);
        if (actual is null) return false;
        int comparison;
        if (numeric)
        {
            if (!long.TryParse(Values[0], out var expected) || !long.TryParse(actual, out var value)) return false;
            comparison = value.CompareTo(expected);
        }
        else
        {
            comparison = string.CompareOrdinal(actual, Values[0]);
        }

        return Op switch
        {
            ">" => comparison > 0,
            "<" => comparison < 0,
            ">=" => comparison >= 0,
            "<=" => comparison <= 0,
            _ => false,
        };
    }

    /// <summary>Splits on commas outside double quotes and strips the quotes; null when a quote is unbalanced.</summary>
    private static List<string>? SplitValues(string raw)
    {
        var values = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        foreach (var ch in raw)
        {
            if (ch == '"')
            {
                quoted = !quoted;
                wasQuoted = true;
            }
            else if (ch == ',' && !quoted)
            {
                values.Add(wasQuoted ? current.ToString() : current.ToString().Trim());
                current.Clear();
                wasQuoted = false;
            }
            else
            {
                current.Append(ch);
            }
        }

        if (quoted) return null;
        values.Add(wasQuoted ? current.ToString() : current.ToString().Trim());
        return values;
    }
}
