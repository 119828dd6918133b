using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>Property values ↔ the JSON the Flow Service speaks. Secrets are unwrapped on the way out: the
/// service must get the real value; the caller decides what to wrap on the way back.</summary>
public static class PropertyValueJson
{
    /// <summary>Plain JSON of a fully known value. Throws for unknowns and assets: callers check first.</summary>
    public static JsonNode? ToJson(PropertyValue value) => ToJson(value, unknownAs: null);

    /// <summary>As <see cref="ToJson(PropertyValue)"/>, but every unknown (preview) becomes the string
    /// <paramref name="unknownAs"/>, so a comparison sees it as changed; null: unknowns throw.</summary>
    public static JsonNode? ToJson(PropertyValue value, string? unknownAs) => value.Unwrapped switch
    {
        PropertyValue.NullValue => null,
        PropertyValue.BoolValue b => JsonValue.Create(b.Value),
        PropertyValue.NumberValue n => NumberToJson(n.Value),
        PropertyValue.StringValue s => JsonValue.Create(s.Value),
        PropertyValue.ArrayValue a => new JsonArray(a.Items.Select(i => ToJson(i, unknownAs)).ToArray()),
        PropertyValue.ObjectValue o => ToJson(o.Properties, unknownAs),
        PropertyValue.ComputedValue when unknownAs is not null => JsonValue.Create(unknownAs),
        _ => throw new InvalidOperationException("an unknown value or asset cannot be sent to the Flow Service"),
    };

    public static JsonObject ToJson(PropertyMap map) => ToJson(map, unknownAs: null);

    public static JsonObject ToJson(PropertyMap map, string? unknownAs)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Entries)
        {
            result[key] = ToJson(value, unknownAs);
        }
        return result;
    }

    public static PropertyValue FromJson(JsonNode? node) => node switch
    {
        null => PropertyValue.Null,
        JsonObject o => PropertyValue.Of(FromJson(o)),
        JsonArray a => new PropertyValue.ArrayValue(a.Select(FromJson).ToImmutableArray()),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => PropertyValue.Of(v.GetValue<string>()),
            JsonValueKind.True => PropertyValue.Of(true),
            JsonValueKind.False => PropertyValue.Of(false),
            JsonValueKind.Number => PropertyValue.Of(NumberOf(v)),
            _ => PropertyValue.Null,
        },
        _ => PropertyValue.Null,
    };

    public static PropertyMap FromJson(JsonObject obj) =>
        PropertyMap.From(obj.Select(p => KeyValuePair.Create(p.Key, FromJson(p.Value))));

    // A JsonValue holds whatever CLR number made it (long from YAML, decimal, double, a parsed element), and
    // GetValue<double> only converts some of them (a long throws NodeUnableToConvert). Its JSON text is the number
    // whatever the backing type.
    private static double NumberOf(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    // Whole numbers travel as doubles on the wire (there is no integer type); send them to the API as integers
    // so a port 22 stays 22, not 22.0.
    private static JsonValue NumberToJson(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 9e15 ? JsonValue.Create((long)value) : JsonValue.Create(value);
}
