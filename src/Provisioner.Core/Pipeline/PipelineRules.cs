using System.Globalization;
using System.Text.Json;
using Provisioner.Core.Definitions;

namespace Provisioner.Core.Pipeline;

/// <summary>One problem with a pipeline object's field: <see cref="Field"/> is relative to what was checked
/// (<c>interval</c> of a schedule, <c>dataSetId</c> of params); <see cref="OnKey"/> says the problem is the key being
/// there at all, not its value.</summary>
public sealed record FieldProblem(string Field, string Message, bool OnKey = false);

/// <summary>
/// The rules of a pipeline object's own fields that hold however the object is written — a definitions file or a
/// single Pulumi resource — so both hosts refuse the same input with the same words: a schedule in
/// <c>ScheduleSpecDTO</c>'s terms, the params a target connection spec requires. Works on the JSON the service takes.
/// </summary>
public static class PipelineRules
{
    /// <summary>What Flow Service's <c>ScheduleSpecDTO</c> documents for <c>frequency</c>.</summary>
    public static IReadOnlyList<string> ScheduleFrequencies { get; } = ["once", "minute", "hour", "day", "week"];

    /// <summary>The OAS: a per-minute interval "should be set as equal or greater than 15"; any other is a non-zero integer.</summary>
    public const int MinimumMinuteInterval = 15;

    /// <summary>The Data Lake target connection spec (reference §4.4): a target connection's spec unless it names one.</summary>
    public const string DataLakeSpecId = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";

    /// <summary>The flow specs' scheduleSpec: a one-time run has no interval and nothing to backfill.</summary>
    private static readonly string[] NotForOnce = ["interval", "backfill"];

    /// <summary>
    /// A written schedule (<c>startTime</c>, <c>frequency</c>, <c>interval</c>, <c>backfill</c>; which keys may appear
    /// at all is the caller's) in <c>ScheduleSpecDTO</c>'s types: <c>startTime</c> an integer (epoch seconds),
    /// <c>interval</c> a string, <c>backfill</c> a boolean. Adobe's examples write startTime and interval as numbers
    /// or digit strings, so both are read. Returns the normalised schedule and every problem.
    /// </summary>
    public static (JsonObject Schedule, IReadOnlyList<FieldProblem> Problems) Schedule(JsonObject written)
    {
        ArgumentNullException.ThrowIfNull(written);
        var problems = new List<FieldProblem>();
        var schedule = new JsonObject();
        if (written["startTime"] is { } startNode && WholeNumber(startNode, "startTime", 0, "epoch seconds, e.g. 1700000000", problems) is { } startTime)
        {
            schedule["startTime"] = startTime;
        }
        string? frequency = null;
        if (written["frequency"] is { } frequencyNode)
        {
            if (frequencyNode is JsonValue v && v.TryGetValue<string>(out var text) && ScheduleFrequencies.Contains(text))
            {
                frequency = text;
                schedule["frequency"] = text;
            }
            else
            {
                problems.Add(new FieldProblem("frequency", frequencyNode is JsonValue s && s.TryGetValue<string>(out var other)
                    ? $"unknown frequency '{other}'; expected one of {string.Join(", ", ScheduleFrequencies)}"
                    : $"expected one of {string.Join(", ", ScheduleFrequencies)}, found {Describe(frequencyNode)}"));
            }
        }
        if (frequency == "once")
        {
            problems.AddRange(NotForOnce.Where(written.ContainsKey).Select(k => new FieldProblem(k, "must be left out when the frequency is 'once'", OnKey: true)));
            return (schedule, problems);
        }
        if (written["interval"] is { } intervalNode)
        {
            var minimum = frequency == "minute" ? MinimumMinuteInterval : 1;
            var why = frequency == "minute" ? $"at least {MinimumMinuteInterval} when the frequency is 'minute'" : "a positive whole number";
            if (WholeNumber(intervalNode, "interval", minimum, why, problems) is { } interval)
            {
                schedule["interval"] = interval.ToString(CultureInfo.InvariantCulture);
            }
        }
        else if (frequency is not null)
        {
            problems.Add(new FieldProblem("interval", "missing required key 'interval' (every frequency but 'once' needs one)"));
        }
        if (written["backfill"] is { } backfillNode)
        {
            if (backfillNode is JsonValue b && b.TryGetValue<bool>(out var backfill))
            {
                schedule["backfill"] = backfill;
            }
            else
            {
                problems.Add(new FieldProblem("backfill", $"expected true or false, found {Describe(backfillNode)}"));
            }
        }
        return (schedule, problems);
    }

    /// <summary>The params the target connection spec <paramref name="specId"/> requires that <paramref name="parameters"/>
    /// lacks. Which params a target spec requires is the embedded catalog's fact (GET /connectionSpecs does not say),
    /// so a spec it does not know is taken as written.</summary>
    public static IReadOnlyList<FieldProblem> TargetParams(string specId, JsonObject? parameters)
    {
        ArgumentNullException.ThrowIfNull(specId);
        var known = EmbeddedFlowSpecCatalog.Instance.FindTargetSpec(specId);
        return known?.RequiredParams.Where(p => parameters?[p] is null)
            .Select(missing => new FieldProblem(missing, $"missing required param '{missing}' of the {known.Name} target connection spec"
                + (missing == "dataSetId" ? " (the id of the dataset the data lands in)" : "")))
            .ToArray() ?? [];
    }

    /// <summary>The definitions' words for what a value is ("a mapping", "a list", "an integer", …).</summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "nothing (null)",
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue<long>(out _) ? "an integer" : "a number",
        _ => "a string",
    };

    /// <summary>An integer, or a string of digits (as Adobe's examples write some), at least <paramref name="minimum"/>.
    /// A number written with a fraction or exponent (1.7e9) is not an integer, as in YAML; a Pulumi host sends whole
    /// numbers as integers.</summary>
    private static long? WholeNumber(JsonNode node, string field, long minimum, string expected, List<FieldProblem> problems)
    {
        var value = AsWholeNumber(node);
        if (value is null || value < minimum)
        {
            problems.Add(new FieldProblem(field, $"expected {expected}" + (value is null ? $", found {Describe(node)}" : $", found {value}")));
            return null;
        }
        return value;
    }

    private static long? AsWholeNumber(JsonNode node) => node is not JsonValue v ? null : v.GetValueKind() switch
    {
        JsonValueKind.String when long.TryParse(v.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        JsonValueKind.Number when v.TryGetValue<long>(out var whole) => whole,
        _ => null,
    };
}
