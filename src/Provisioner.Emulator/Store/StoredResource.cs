using System.Diagnostics.CodeAnalysis;

namespace Provisioner.Emulator.Store;

/// <summary>
/// A source connection, target connection, flow or flow run as the emulator stores it: the server's own fields plus
/// <see cref="Document"/>, the fields the client wrote (for a run, the fields the emulator made up), already
/// validated and normalised. One record for every kind (<see cref="Kind"/>), so storage, etags, paging and
/// persistence are one piece.
/// </summary>
public sealed record StoredResource : StoredEntity
{
    /// <summary>For the data file's reader, which sets every field by name.</summary>
    public StoredResource()
    {
    }

    /// <summary>A new <paramref name="kind"/> holding <paramref name="document"/>, created by <paramref name="creator"/>.</summary>
    [SetsRequiredMembers]
    internal StoredResource(long sequence, FlowCaller creator, long nowMillis, string kind, JsonElement document)
        : base(sequence, creator, nowMillis)
    {
        Kind = kind;
        Document = document;
    }

    /// <summary>The collection it belongs to, as in its path: <c>sourceConnections</c>, <c>targetConnections</c>, <c>flows</c>, <c>runs</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>The written fields as a JSON object (name, description, connectionSpec, params, flowSpec, …).</summary>
    public required JsonElement Document { get; init; }

    /// <summary>A string field of <see cref="Document"/> by dotted path (<c>connectionSpec.id</c>); null when absent or not a string.</summary>
    public string? Text(string dottedPath) => Find(dottedPath) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>The strings of an array field of <see cref="Document"/> (<c>sourceConnectionIds</c>); empty when absent.</summary>
    public IReadOnlyList<string> Texts(string dottedPath) => Find(dottedPath) is { ValueKind: JsonValueKind.Array } array
        ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
        : [];

    /// <summary>The value at a dotted path of <see cref="Document"/>, or null.</summary>
    public JsonElement? Find(string dottedPath)
    {
        var current = Document;
        foreach (var segment in dottedPath.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current)) return null;
        }

        return current;
    }
}
