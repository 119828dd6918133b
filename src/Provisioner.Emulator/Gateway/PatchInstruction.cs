namespace Provisioner.Emulator.Gateway;

/// <summary>
/// One operation of a PATCH body (OAS <c>PatchInstruction</c>, reference §1.6): a JSON Patch array of
/// <c>{op, path, value}</c> with op add/replace/remove in any case. Every kind's PATCH reads its body here, so every
/// kind refuses a malformed body with the same FLOW-1455-400.
/// </summary>
internal sealed record PatchInstruction(string Op, string Path, JsonNode? Value, string Where)
{
    public static (IReadOnlyList<PatchInstruction>? Instructions, FlowError? Error) ReadAll(JsonNode body)
    {
        if (body is not JsonArray operations) return (null, Fail("the body must be a JSON Patch array of {op, path, value} objects"));
        var instructions = new List<PatchInstruction>();
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation) return (null, Fail($"operation [{i}] is not an object"));
            var op = (operation["op"] as JsonValue)?.TryGetValue<string>(out var o) == true ? o.ToLowerInvariant() : null;
            var path = (operation["path"] as JsonValue)?.TryGetValue<string>(out var p) == true ? p : null;
            if (op is null) return (null, Fail($"operation [{i}] has no 'op'"));
            if (path is null) return (null, Fail($"operation [{i}] has no 'path'"));
            if (op is not ("add" or "replace" or "remove")) return (null, Fail($"operation [{i}]: op '{op}' is not supported (add, replace, remove)"));
            if (op != "remove" && !operation.ContainsKey("value")) return (null, Fail($"operation [{i}] ({op} {path}) has no 'value'"));
            instructions.Add(new PatchInstruction(op, path, operation["value"], $"operation [{i}] ({op} {path})"));
        }

        return (instructions, null);
    }

    /// <summary>RFC 6901: <c>~1</c> → <c>/</c>, then <c>~0</c> → <c>~</c>; any other <c>~</c> is invalid (null).</summary>
    public static string? Unescape(string token)
    {
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '~' && (i + 1 >= token.Length || token[i + 1] is not ('0' or '1'))) return null;
        }

        return token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    /// <summary>This operation cannot be applied: FLOW-1455-400 naming the operation.</summary>
    public FlowError Invalid(string problem) => Fail($"{Where}: {problem}");

    public FlowError MissingField(string field) =>
        FlowError.BadRequest(1455, $"An error has occurred while validating patch instructions: Missing field {field} ({Where}).");

    public static FlowError Fail(string problem) =>
        FlowError.BadRequest(1455, $"An error has occurred while validating patch instructions: {problem}.");
}
