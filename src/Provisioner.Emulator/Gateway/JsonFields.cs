namespace Provisioner.Emulator.Gateway;

/// <summary>Typed reads of request-body fields; a wrong type is Flow's invalid-field error naming the field.</summary>
internal static class JsonFields
{
    /// <summary>The string at <paramref name="property"/>, null when absent; an error when present but not a string.</summary>
    public static (string? Value, FlowError? Error) OptionalString(JsonObject obj, string property, string field)
    {
        var node = obj[property];
        if (node is null) return (null, null);
        return node is JsonValue v && v.TryGetValue<string>(out var s)
            ? (s, null)
            : (null, FlowError.InvalidField(field, "expected a string"));
    }

    /// <summary>A required, non-blank string: absent or blank → 1304 (mandatory field), not a string → 1303.</summary>
    public static (string? Value, FlowError? Error) RequiredString(JsonObject obj, string property, string field)
    {
        var (value, error) = OptionalString(obj, property, field);
        if (error is not null) return (null, error);
        return string.IsNullOrWhiteSpace(value) ? (null, FlowError.MissingField(field)) : (value, null);
    }
}
