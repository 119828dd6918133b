using System.Globalization;

namespace Provisioner.Emulator.Resources;

/// <summary>
/// A flow's <c>scheduleParams</c>, checked against the flow specs' documented <c>scheduleSpec</c> (a JSON Schema in
/// the <c>GET /flowSpecs</c> responses Adobe shows): <c>startTime</c> (epoch seconds) and <c>frequency</c> (once,
/// minute, hour, day, week) are mandatory; <c>interval</c> is mandatory unless the frequency is <c>once</c>, where it
/// and <c>backfill</c> must be left out; a per-minute interval is at least 15, any other at least 1.
/// Adobe's own examples send <c>startTime</c> and <c>interval</c> as numbers or as digit strings, so both are
/// accepted; the stored form is the OAS <c>ScheduleSpecDTO</c>'s: <c>startTime</c> an integer, <c>interval</c> a
/// string, <c>backfill</c> a boolean. Errors are 1304 (missing) and 1303 (invalid), the emulator's choice.
/// </summary>
internal static class ScheduleParams
{
    private static readonly string[] Frequencies = ["once", "minute", "hour", "day", "week"];

    public static (JsonObject? Schedule, FlowError? Error) Normalize(JsonNode? node)
    {
        const string field = "scheduleParams";
        if (node is not JsonObject schedule) return (null, FlowError.InvalidField(field, "expected an object"));

        var (startTime, startError) = Integer(schedule, "startTime", required: true);
        if (startError is not null) return (null, startError);

        var (frequencyText, frequencyError) = JsonFields.RequiredString(schedule, "frequency", $"{field}.frequency");
        if (frequencyError is not null) return (null, frequencyError);
        var frequency = frequencyText!.ToLowerInvariant();
        if (!Frequencies.Contains(frequency)) return (null, FlowError.InvalidField($"{field}.frequency", $"expected one of {string.Join(", ", Frequencies)}"));

        var result = new JsonObject { ["startTime"] = startTime, ["frequency"] = frequency };
        if (frequency == "once")
        {
            foreach (var leftOut in new[] { "interval", "backfill" })
            {
                if (schedule[leftOut] is not null) return (null, FlowError.InvalidField($"{field}.{leftOut}", "must be left out when the frequency is once"));
            }

            return (result, null);
        }

        var (interval, intervalError) = Integer(schedule, "interval", required: true);
        if (intervalError is not null) return (null, intervalError);
        var minimum = frequency == "minute" ? 15 : 1;
        if (interval < minimum) return (null, FlowError.InvalidField($"{field}.interval", $"must be at least {minimum} when the frequency is {frequency}"));
        result["interval"] = interval!.Value.ToString(CultureInfo.InvariantCulture);

        switch (schedule["backfill"])
        {
            case null:
                break;
            case JsonValue b when b.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                result["backfill"] = b.GetValue<bool>();
                break;
            case JsonValue s when s.TryGetValue<string>(out var text) && bool.TryParse(text, out var flag):
                result["backfill"] = flag;
                break;
            default:
                return (null, FlowError.InvalidField($"{field}.backfill", "expected true or false"));
        }

        return (result, null);
    }

    /// <summary>A whole number given as a JSON number or as a string of digits.</summary>
    private static (long? Value, FlowError? Error) Integer(JsonObject schedule, string property, bool required)
    {
        var field = $"scheduleParams.{property}";
        switch (schedule[property])
        {
            case null:
                return required ? (null, FlowError.MissingField(field)) : (null, null);
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var number):
                return (number, null);
            case JsonValue v when v.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed):
                return (parsed, null);
            default:
                return (null, FlowError.InvalidField(field, "expected a whole number"));
        }
    }
}
