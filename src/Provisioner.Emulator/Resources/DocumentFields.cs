namespace Provisioner.Emulator.Resources;

/// <summary>Reads of the fields several kinds share, copying what is valid into the document to store.
/// Missing mandatory fields are 1304, wrong types 1303, as for connections.</summary>
internal static class DocumentFields
{
    /// <summary><c>name</c> (mandatory when <paramref name="nameRequired"/>) and optional <c>description</c>.</summary>
    public static FlowError? CopyNameAndDescription(JsonObject body, JsonObject document, bool nameRequired)
    {
        var (name, nameError) = nameRequired ? JsonFields.RequiredString(body, "name", "name") : JsonFields.OptionalString(body, "name", "name");
        if (nameError is not null) return nameError;
        if (name is not null) document["name"] = name;
        var (description, descriptionError) = JsonFields.OptionalString(body, "description", "description");
        if (descriptionError is not null) return descriptionError;
        if (description is not null) document["description"] = description;
        return null;
    }

    /// <summary>An object field copied as given (<c>data</c>, <c>params</c>).</summary>
    public static (JsonObject? Value, FlowError? Error) CopyObject(JsonObject body, JsonObject document, string property, bool required)
    {
        switch (body[property])
        {
            case null:
                return required ? (null, FlowError.MissingField(property)) : (null, null);
            case JsonObject value:
                var copy = (JsonObject)value.DeepClone();
                document[property] = copy;
                return (copy, null);
            default:
                return (null, FlowError.InvalidField(property, "expected an object"));
        }
    }

    /// <summary>A <c>{id, version}</c> reference (<c>connectionSpec</c>, <c>flowSpec</c>): both strings, id mandatory.</summary>
    public static (string? Id, string? Version, FlowError? Error) SpecReference(JsonObject body, string property)
    {
        if (body[property] is null) return (null, null, FlowError.MissingField(property));
        if (body[property] is not JsonObject reference) return (null, null, FlowError.InvalidField(property, "expected an object"));
        var (id, idError) = JsonFields.RequiredString(reference, "id", $"{property}.id");
        if (idError is not null) return (null, null, idError);
        var (version, versionError) = JsonFields.OptionalString(reference, "version", $"{property}.version");
        return versionError is not null ? (null, null, versionError) : (id, version, null);
    }

    /// <summary>A mandatory, non-empty array of ids (<c>sourceConnectionIds</c>).</summary>
    public static (IReadOnlyList<string>? Ids, FlowError? Error) IdList(JsonObject body, string property)
    {
        if (body[property] is null) return (null, FlowError.MissingField(property));
        if (body[property] is not JsonArray array) return (null, FlowError.InvalidField(property, "expected an array of ids"));
        if (array.Count == 0) return (null, FlowError.MissingField(property));
        var ids = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue v || !v.TryGetValue<string>(out var id) || string.IsNullOrWhiteSpace(id))
            {
                return (null, FlowError.InvalidField($"{property}[{i}]", "expected a non-empty string id"));
            }

            ids.Add(id);
        }

        return (ids, null);
    }

    public static JsonArray ToArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
