namespace Provisioner.Core.Definitions.Yaml;

/// <summary>The YAML tree as JSON, for checking a definitions file against its published JSON Schema.
/// Duplicate keys keep the last value, as JSON parsers do.</summary>
internal static class YamlTreeJson
{
    public static JsonNode? ToJson(YamlTreeNode node) => node switch
    {
        YamlTreeMapping mapping => ToObject(mapping),
        YamlTreeSequence sequence => new JsonArray(sequence.Items.Select(ToJson).ToArray()),
        YamlTreeScalar scalar => ToJson(scalar),
        _ => null,
    };

    /// <summary>A scalar as the typed JSON value YAML 1.2's core schema reads it (bool, integer, number, string);
    /// null for YAML's null. The one mapping both the schema check and the parser's typed params use.</summary>
    public static JsonValue? ToJson(YamlTreeScalar scalar) => YamlTreeReader.ToClrValue(scalar) switch
    {
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        decimal m => JsonValue.Create(m),
        double d => JsonValue.Create(d),
        string s => JsonValue.Create(s),
        _ => null,
    };

    private static JsonObject ToObject(YamlTreeMapping mapping)
    {
        var result = new JsonObject();
        foreach (var entry in mapping.Entries)
        {
            result[entry.Key is YamlTreeScalar key ? key.Value : "?"] = ToJson(entry.Value);
        }
        return result;
    }
}
