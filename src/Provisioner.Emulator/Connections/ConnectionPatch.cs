namespace Provisioner.Emulator.Connections;

/// <summary>
/// Applies a PATCH body (a JSON Patch array, reference §1.6) to a stored connection. Patchable: <c>/name</c>,
/// <c>/description</c>, <c>/auth/params</c> (replaces the whole map) and <c>/auth/params/&lt;key&gt;</c> (RFC 6901
/// escaping). Ops add/replace/remove in any case. The result is re-validated against the auth spec, so a patch
/// cannot leave a connection the service would have refused to create.
/// </summary>
internal static class ConnectionPatch
{
    private const string ParamsPath = "/auth/params";

    public static (StoredConnection? Patched, FlowError? Error) Apply(StoredConnection current, JsonNode body, ConnectionSpecCatalog catalog)
    {
        var (instructions, readError) = PatchInstruction.ReadAll(body);
        if (readError is not null) return (null, readError);

        var name = current.Name;
        var description = current.Description;
        var parameters = new Dictionary<string, JsonElement>(current.AuthParams, StringComparer.Ordinal);

        foreach (var instruction in instructions!)
        {
            var (op, path, value, where) = instruction;
            if (path == "/connectionSpec" || path.StartsWith("/connectionSpec/", StringComparison.Ordinal))
            {
                return (null, FlowError.BadRequest(1414, "The connection spec of a connection cannot be updated."));
            }

            if (path == "/auth/specName")
            {
                // The reference names no code; 1302-400 (auth type not supported) is the emulator's choice.
                return (null, FlowError.BadRequest(1302,
                    "The authentication type (auth.specName) of a base connection cannot be changed; create a new base connection instead."));
            }

            if (current.AuthSpecName is null && (path == "/auth" || path.StartsWith("/auth/", StringComparison.Ordinal)))
            {
                return Fail($"{where}: this connection's spec takes no auth, so there are no auth params to change");
            }

            switch (path)
            {
                case "/name":
                    if (op == "remove") return Fail($"{where}: name is mandatory and cannot be removed");
                    if (!IsNonEmptyString(value, out var newName)) return Fail($"{where}: value must be a non-empty string");
                    name = newName;
                    break;
                case "/description":
                    if (op == "remove")
                    {
                        if (description is null) return (null, instruction.MissingField("description"));
                        description = null;
                    }
                    else
                    {
                        if (op == "replace" && description is null) return (null, instruction.MissingField("description"));
                        if (value is not JsonValue dv || !dv.TryGetValue<string>(out var newDescription)) return Fail($"{where}: value must be a string");
                        description = newDescription;
                    }

                    break;
                case ParamsPath:
                    if (op == "remove") return Fail($"{where}: auth.params is mandatory and cannot be removed");
                    if (value is not JsonObject newParams) return Fail($"{where}: value must be an object");
                    parameters = new Dictionary<string, JsonElement>(CreateConnectionParser.ToElements(newParams), StringComparer.Ordinal);
                    break;
                default:
                    if (!path.StartsWith(ParamsPath + "/", StringComparison.Ordinal)) return Fail($"{where}: path is not patchable (use /name, /description, /auth/params or /auth/params/<key>)");
                    var token = path[(ParamsPath.Length + 1)..];
                    if (token.Contains('/', StringComparison.Ordinal)) return Fail($"{where}: auth params are flat; nested paths are not supported");
                    var key = PatchInstruction.Unescape(token);
                    if (key is null) return Fail($"{where}: invalid JSON Pointer escape (only ~0 and ~1 are allowed)");
                    if (op != "add" && !parameters.ContainsKey(key)) return (null, instruction.MissingField($"auth.params.{key}"));
                    if (op == "remove") parameters.Remove(key);
                    else parameters[key] = value is null ? JsonSerializer.SerializeToElement<object?>(null) : JsonSerializer.SerializeToElement(value);
                    break;
            }
        }

        var authSpec = current.AuthSpecName is null ? null : catalog.FindById(current.SpecId)?.FindAuthSpec(current.AuthSpecName);
        if (authSpec is not null)
        {
            var error = AuthParamsValidator.Validate(authSpec, parameters);
            if (error is not null) return (null, error);
        }

        return (current with { Name = name, Description = description, AuthParams = parameters }, null);
    }

    private static bool IsNonEmptyString(JsonNode? node, out string value)
    {
        value = "";
        return node is JsonValue v && v.TryGetValue(out value!) && !string.IsNullOrWhiteSpace(value);
    }

    private static (StoredConnection?, FlowError?) Fail(string problem) => (null, PatchInstruction.Fail(problem));
}
