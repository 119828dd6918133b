namespace Provisioner.Core.Connections;

/// <summary>
/// Collects what differs between two versions of one object's inputs, in the service's terms: the changed paths for
/// display (dotted labels, never values), the subset the API cannot patch, and the minimal JSON Patch (RFC 6902) for
/// the rest. One implementation for base connections (<see cref="ConnectionDiff"/>) and the pipeline objects
/// (<c>PipelineDiff</c>), so both label, compare and patch a JSON value the same way.
/// </summary>
internal sealed class ChangeCollector
{
    private readonly List<string> _changed = [];
    private readonly List<string> _replace = [];
    private readonly List<JsonPatchOperation> _patch = [];

    /// <summary>A change the API cannot patch: the object is replaced.</summary>
    public void Unpatchable(string label)
    {
        _changed.Add(label);
        _replace.Add(label);
    }

    /// <summary>A change one PATCH operation makes.</summary>
    public void Patched(string label, JsonPatchOperation operation)
    {
        _changed.Add(label);
        _patch.Add(operation);
    }

    /// <summary>Compares every member of two objects under <paramref name="label"/> / <paramref name="pointer"/>.</summary>
    /// <param name="recordAs">How a desired value appears in <paramref name="before"/> (key, value → recorded form),
    /// e.g. a secret's fingerprint: values are compared in recorded form, the patch carries the desired value.</param>
    public void Members(JsonObject before, JsonObject after, string label, string pointer, bool patchable, bool recurse,
        Func<string, JsonNode?, JsonNode?>? recordAs = null)
    {
        foreach (var key in before.Select(p => p.Key).Union(after.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var had = before.TryGetPropertyValue(key, out var was);
            var has = after.TryGetPropertyValue(key, out var now);
            if (had && has && JsonNode.DeepEquals(was, recordAs is null ? now : recordAs(key, now)))
            {
                continue;
            }
            Differs(Join(label, key), pointer + "/" + EscapePointerToken(key), had, was, has, now, patchable, recurse);
        }
    }

    public ConnectionChanges ToChanges() =>
        _changed.Count == 0 ? ConnectionChanges.None : new ConnectionChanges([.. _changed], [.. _replace], _replace.Count > 0 ? [] : [.. _patch]);

    private void Differs(string label, string pointer, bool had, JsonNode? before, bool has, JsonNode? after, bool patchable, bool recurse)
    {
        if (recurse && before is JsonObject was && after is JsonObject now)
        {
            Members(was, now, label, pointer, patchable, recurse);
            return;
        }
        if (!patchable)
        {
            Unpatchable(label);
            return;
        }
        Patched(label, !has ? JsonPatchOperation.Remove(pointer)
            : !had ? JsonPatchOperation.Add(pointer, after?.DeepClone())
            : JsonPatchOperation.Replace(pointer, after?.DeepClone()));
    }

    private static string Join(string label, string key) => label.Length == 0 ? key : label + "." + key;

    // RFC 6901: '~' and '/' inside a key must be escaped in a JSON Pointer.
    private static string EscapePointerToken(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
