namespace Provisioner.FlowService.Models;

/// <summary>One RFC 6902 operation of a PATCH body (<c>/connections/{id}</c>, <c>/sourceConnections/{id}</c>, …). Paths
/// used on connections: <c>/name</c>, <c>/description</c>, <c>/auth/params</c> (replaces the whole map) and
/// <c>/auth/params/{key}</c>; on pipeline objects the fields their kind lets a PATCH change.</summary>
public sealed record JsonPatchOperation(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Value = null)
{
    public static JsonPatchOperation Replace(string path, JsonNode? value) => new("replace", path, value);
    public static JsonPatchOperation Add(string path, JsonNode? value) => new("add", path, value);
    public static JsonPatchOperation Remove(string path) => new("remove", path);
}
