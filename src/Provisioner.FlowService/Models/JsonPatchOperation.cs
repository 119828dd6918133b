namespace Provisioner.FlowService.Models;

/// <summary>One RFC 6902 operation of a <c>PATCH /connections/{id}</c> body. Paths used: <c>/name</c>,
/// <c>/description</c>, <c>/auth/params</c> (replaces the whole map) and <c>/auth/params/{key}</c>.</summary>
public sealed record JsonPatchOperation(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Value = null)
{
    public static JsonPatchOperation Replace(string path, JsonNode? value) => new("replace", path, value);
    public static JsonPatchOperation Add(string path, JsonNode? value) => new("add", path, value);
    public static JsonPatchOperation Remove(string path) => new("remove", path);
}
