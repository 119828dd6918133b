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
        var diff = new ChangeCollector();

        // The service rejects a connection spec change (FLOW-1414-400) and the auth type cannot change after
        // create (Adobe's SFTP guide): both mean a new connection.
        if (!string.Equals(recorded.ConnectionSpec.Id, desired.ConnectionSpec.Id, StringComparison.OrdinalIgnoreCase))
        {
            diff.Unpatchable("connectionSpec.id");
        }
        if (!string.Equals(recorded.ConnectionSpec.Version, desired.ConnectionSpec.Version, StringComparison.Ordinal))
        {
            diff.Unpatchable("connectionSpec.version");
        }
        if (!string.Equals(recorded.AuthSpecName, desired.AuthSpecName, StringComparison.Ordinal))
        {
            diff.Unpatchable("auth.specName");
        }

        if (!string.Equals(recorded.Name, desired.Name, StringComparison.Ordinal))
        {
            diff.Patched("name", JsonPatchOperation.Replace("/name", desired.Name));
        }
        if (!string.Equals(recorded.Description ?? "", desired.Description ?? "", StringComparison.Ordinal))
        {
            diff.Patched("description", desired.Description is null
                ? JsonPatchOperation.Remove("/description")
                : recorded.Description is null
                    ? JsonPatchOperation.Add("/description", desired.Description)
                    : JsonPatchOperation.Replace("/description", desired.Description));
        }

        // Each param is one value: an object-valued param is replaced whole, never patched inside.
        diff.Members(recorded.Params, desired.Params, "auth.params", "/auth/params", patchable: true, recurse: false, recordAs);
        return diff.ToChanges();
    }
}
