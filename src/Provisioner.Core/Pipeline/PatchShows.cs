using Provisioner.FlowService.Models;

namespace Provisioner.Core.Pipeline;

/// <summary>Whether a served pipeline object already carries every operation of a JSON Patch (the evidence, with a
/// moved etag, that a PATCH retried after a lost answer had committed). Pipeline objects have no secrets, so every
/// value is compared.</summary>
internal static class PatchShows
{
    public static bool In(JsonObject item, IReadOnlyList<JsonPatchOperation> patch) => patch.All(op =>
    {
        var found = TryResolve(item, op.Path, out var node);
        return op.Op switch
        {
            "remove" => !found,
            "add" or "replace" => found && JsonNode.DeepEquals(node, op.Value),
            _ => false, // an operation this check does not understand: do not guess
        };
    });

    /// <summary>RFC 6901 over objects (patches of pipeline objects address members, arrays are replaced whole).</summary>
    private static bool TryResolve(JsonObject item, string pointer, out JsonNode? node)
    {
        node = item;
        foreach (var token in pointer.Split('/').Skip(1))
        {
            var key = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node is not JsonObject parent || !parent.TryGetPropertyValue(key, out node))
            {
                node = null;
                return false;
            }
        }
        return true;
    }
}
