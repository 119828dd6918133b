namespace Provisioner.Core.Reconciliation;

/// <summary>Reads a required field of hand-editable state JSON with a message that names the field, never a .NET type.</summary>
internal static class JsonFields
{
    public static T Required<T>(JsonNode? parent, string name) where T : notnull
    {
        // A non-object parent (a hand-edited "k": "text") reads as the field missing, not as a .NET type error.
        var node = (parent as JsonObject)?[name] ?? throw new FormatException($"missing '{name}'");
        return typeof(T) == typeof(string)
            ? node is JsonValue value && value.TryGetValue<string>(out var text) ? (T)(object)text : throw new FormatException($"'{name}' must be a string")
            : node is T typed ? typed
            : throw new FormatException($"'{name}' has the wrong type");
    }
}
