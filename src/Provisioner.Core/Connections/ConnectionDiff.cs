namespace Provisioner.Core.Connections;

/// <summary>
/// Compares two desired states of one connection. Both sides are user inputs (the last applied and the new one):
/// the live service masks secrets on read, so comparing against a GET would report a change on every run.
/// </summary>
public static class ConnectionDiff
{
    public static ConnectionChanges Compute(DesiredConnection recorded, DesiredConnection desired) => Compute(recorded, desired, recordAs: null);

    /// <param name="recordAs">How a desired param value appears in <paramref name="recorded"/> (key, value → recorded form),
    /// e.g. a fingerprint for secrets when the host cannot keep them. Values are compared in recorded form; the patch
    /// still carries the desired value. <c>null</c> = recorded verbatim.</param>
    public static ConnectionChanges Compute(DesiredConnection recorded, DesiredConnection desired, Func<string, JsonNode?, JsonNode?>? recordAs)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(desired);
        var changed = new List<string>();
        var replace = new List<string>();
        var patch = new List<JsonPatchOperation>();

        // The service rejects a connection spec change (FLOW-1414-400) and the auth type cannot change after
        // create (Adobe's SFTP guide): both mean a new connection.
        if (!string.Equals(recorded.ConnectionSpec.Id, desired.ConnectionSpec.Id, StringComparison.OrdinalIgnoreCase))
        {
            changed.Add("connectionSpec.id");
            replace.Add("connectionSpec.id");
        }
        if (!string.Equals(recorded.ConnectionSpec.Version, desired.ConnectionSpec.Version, StringComparison.Ordinal))
        {
            changed.Add("connectionSpec.version");
            replace.Add("connectionSpec.version");
        }
        if (!string.Equals(recorded.AuthSpecName, desired.AuthSpecName, StringComparison.Ordinal))
        {
            changed.Add("auth.specName");
            replace.Add("auth.specName");
        }

        if (!string.Equals(recorded.Name, desired.Name, StringComparison.Ordinal))
        {
            changed.Add("name");
            patch.Add(JsonPatchOperation.Replace("/name", desired.Name));
        }
        if (!string.Equals(recorded.Description ?? "", desired.Description ?? "", StringComparison.Ordinal))
        {
            changed.Add("description");
            patch.Add(desired.Description is null
                ? JsonPatchOperation.Remove("/description")
                : recorded.Description is null
                    ? JsonPatchOperation.Add("/description", desired.Description)
                    : JsonPatchOperation.Replace("/description", desired.Description));
        }

        foreach (var key in recorded.Params.Select(p => p.Key).Union(desired.Params.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var had = recorded.Params.TryGetPropertyValue(key, out var before);
            var has = desired.Params.TryGetPropertyValue(key, out var after);
            if (had && has && JsonNode.DeepEquals(before, recordAs is null ? after : recordAs(key, after)))
            {
                continue;
            }
            changed.Add("auth.params." + key);
            var path = "/auth/params/" + EscapePointerToken(key);
            patch.Add(!has ? JsonPatchOperation.Remove(path)
                : !had ? JsonPatchOperation.Add(path, after?.DeepClone())
                : JsonPatchOperation.Replace(path, after?.DeepClone()));
        }

        if (changed.Count == 0)
        {
            return ConnectionChanges.None;
        }
        return new ConnectionChanges(changed, replace, replace.Count > 0 ? [] : patch);
    }

    // RFC 6901: '~' and '/' inside a key must be escaped in a JSON Pointer.
    private static string EscapePointerToken(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
