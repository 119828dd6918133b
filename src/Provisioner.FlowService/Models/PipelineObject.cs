using System.Text.Json;

namespace Provisioner.FlowService.Models;

/// <summary>
/// A source connection, target connection or dataflow as <c>GET /{collection}/{id}</c> returns it: the fields every
/// kind shares, typed, plus the whole item as served (<see cref="Item"/>) — the planner compares the declared fields
/// (<c>data</c>, <c>params</c>, <c>scheduleParams</c>, <c>transformations</c>, …) against it, so nothing the service
/// sends is dropped by a model that does not know it.
/// </summary>
[JsonConverter(typeof(PipelineObjectConverter))]
public sealed record PipelineObject
{
    public required string Id { get; init; }
    /// <summary>The OAS does not require a name on target connections; null when the service shows none.</summary>
    public string? Name { get; init; }
    /// <summary>Quoted etag, sent verbatim as <c>If-Match</c>.</summary>
    public required string Etag { get; init; }
    /// <summary><c>enabled</c> or <c>disabled</c> (a dataflow's switch), or a transitional state.</summary>
    public string? State { get; init; }
    /// <summary>Epoch milliseconds.</summary>
    public long? CreatedAt { get; init; }
    /// <summary>Epoch milliseconds.</summary>
    public long? UpdatedAt { get; init; }
    /// <summary>The item as served (OAS <c>SourceConnectionItemDTO</c>, <c>TargetConnectionItemDTO</c>, <c>FlowItemDTO</c>).</summary>
    public required JsonObject Item { get; init; }

    /// <summary>Reads the shared fields of <paramref name="item"/>.</summary>
    /// <exception cref="JsonException">No string <c>id</c> or <c>etag</c>: the item cannot be addressed or patched.</exception>
    public static PipelineObject From(JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new PipelineObject
        {
            Id = Text(item, "id") ?? throw new JsonException("The item has no string 'id'."),
            Name = Text(item, "name"),
            Etag = Text(item, "etag") ?? throw new JsonException("The item has no string 'etag'."),
            State = Text(item, "state"),
            CreatedAt = Number(item, "createdAt"),
            UpdatedAt = Number(item, "updatedAt"),
            Item = item,
        };
    }

    private static string? Text(JsonObject item, string field) =>
        item[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static long? Number(JsonObject item, string field) =>
        item[field] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;
}

/// <summary>Reads a <see cref="PipelineObject"/> from its item, keeping the item whole; writes the item back.</summary>
internal sealed class PipelineObjectConverter : JsonConverter<PipelineObject>
{
    public override PipelineObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonNode.Parse(ref reader) is JsonObject item
            ? PipelineObject.From(item)
            : throw new JsonException("An item is not a JSON object.");

    public override void Write(Utf8JsonWriter writer, PipelineObject value, JsonSerializerOptions options) => value.Item.WriteTo(writer, options);
}
