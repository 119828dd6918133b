using System.Text.Json;

namespace Provisioner.Emulator.Store;

/// <summary>
/// A source connection, target connection, flow or flow run as the emulator stores it: the server's own fields plus
/// <see cref="Document"/>, the fields the client wrote (for a run, the fields the emulator made up), already
/// validated and normalised. One record for every kind (<see cref="Kind"/>), so storage, etags, paging and
/// persistence are one piece. Immutable: a write replaces the record.
/// </summary>
public sealed record StoredResource
{
    /// <summary>The collection it belongs to, as in its path: <c>sourceConnections</c>, <c>targetConnections</c>, <c>flows</c>, <c>runs</c>.</summary>
    public required string Kind { get; init; }
    public required string Id { get; init; }
    /// <summary>Insertion order, shared with connections; the default list order and the paging tie-breaker.</summary>
    public required long Sequence { get; init; }
    public required string ImsOrgId { get; init; }
    public required string SandboxName { get; init; }
    public required string SandboxId { get; init; }
    /// <summary>The written fields as a JSON object (name, description, connectionSpec, params, flowSpec, …).</summary>
    public required JsonElement Document { get; init; }
    /// <summary><c>enabled</c> or <c>disabled</c> (flows change it with <c>POST /flows/{id}/action</c>).</summary>
    public string State { get; init; } = "enabled";
    /// <summary>Quoted, e.g. <c>"\"3600e378-…\""</c>; also served as <c>version</c>.</summary>
    public required string Etag { get; init; }
    /// <summary>Epoch milliseconds.</summary>
    public required long CreatedAt { get; init; }
    public required long UpdatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required string CreatedClient { get; init; }
    public required string UpdatedBy { get; init; }
    public required string UpdatedClient { get; init; }

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
