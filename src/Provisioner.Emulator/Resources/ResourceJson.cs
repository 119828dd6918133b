using Provisioner.Emulator.Listing;

namespace Provisioner.Emulator.Resources;

/// <summary>The JSON every kind shares: the server fields of a read, list fields, and new records.</summary>
internal static class ResourceJson
{
    /// <summary>The fields the service adds to every item, in the order the OAS lists them.</summary>
    public static JsonObject ServerFields(StoredResource r) => new()
    {
        ["id"] = r.Id,
        ["createdAt"] = r.CreatedAt,
        ["updatedAt"] = r.UpdatedAt,
        ["createdBy"] = r.CreatedBy,
        ["updatedBy"] = r.UpdatedBy,
        ["createdClient"] = r.CreatedClient,
        ["updatedClient"] = r.UpdatedClient,
        ["sandboxId"] = r.SandboxId,
        ["sandboxName"] = r.SandboxName,
        ["imsOrgId"] = r.ImsOrgId,
    };

    /// <summary>Server fields, then the stored document's.</summary>
    public static JsonObject ServerFieldsAndDocument(StoredResource r)
    {
        var item = ServerFields(r);
        foreach (var (key, value) in Document(r)) item[key] = value?.DeepClone();
        return item;
    }

    /// <summary>Server fields, the stored document, then state and the etag (also as <c>version</c>).</summary>
    public static JsonObject Render(StoredResource r)
    {
        var item = ServerFieldsAndDocument(r);
        item["state"] = r.State;
        item["version"] = r.Etag;
        item["etag"] = r.Etag;
        return item;
    }

    /// <summary>A mutable copy of the stored document.</summary>
    public static JsonObject Document(StoredResource r) => JsonNode.Parse(r.Document.GetRawText()) as JsonObject ?? [];

    public static JsonElement ToElement(JsonObject document) => JsonSerializer.SerializeToElement(document);

    public static StoredResource New(string kind, long sequence, FlowCaller caller, JsonObject document, long nowMillis) =>
        new(sequence, caller, nowMillis, kind, ToElement(document));

    private static readonly string[] Sortable = ["id", "name", "description", "state", "createdAt", "updatedAt"];

    /// <summary>id, name, description, state, createdAt, updatedAt, plus <paramref name="documentPaths"/> (dotted,
    /// e.g. <c>connectionSpec.id</c>; an array field matches when one element does).</summary>
    public static ListFields<StoredResource> ListFieldsFor(string kind, IReadOnlyList<string> documentPaths)
    {
        var fields = new Dictionary<string, ListField<StoredResource>>(StringComparer.Ordinal)
        {
            ["id"] = ListField<StoredResource>.Text(r => r.Id),
            ["name"] = DocumentField("name"),
            ["description"] = DocumentField("description"),
            ["state"] = ListField<StoredResource>.Text(r => r.State),
            ["createdAt"] = ListField<StoredResource>.EpochMillis(r => r.CreatedAt),
            ["updatedAt"] = ListField<StoredResource>.EpochMillis(r => r.UpdatedAt),
        };
        foreach (var path in documentPaths) fields[path] = DocumentField(path);
        return new ListFields<StoredResource>(fields, Sortable, r => r.Sequence, "/" + kind);
    }

    private static ListField<StoredResource> DocumentField(string path) => new(r => r.Find(path) switch
    {
        { ValueKind: JsonValueKind.String } text => [text.GetString()!],
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToArray(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } value => [value.GetRawText()],
        _ => null,
    });
}
