namespace Provisioner.Emulator.Resources;

/// <summary>
/// Applies PATCH instructions (RFC 6902 add/replace/remove, RFC 6901 paths) to a stored document, limited to the
/// paths the kind allows. The result is validated again by the kind, so a patch cannot leave a resource the service
/// would have refused to create. Errors are FLOW-1455-400, as for connections.
/// </summary>
internal static class DocumentPatch
{
    public static (JsonObject? Patched, FlowError? Error) Apply(JsonObject document, IReadOnlyList<PatchInstruction> instructions, ResourceKind kind)
    {
        foreach (var instruction in instructions)
        {
            if (!kind.IsPatchable(instruction.Path))
            {
                return (null, instruction.Invalid($"path is not patchable on {kind.Name} (patchable: {kind.PatchableList})"));
            }

            var error = ApplyOne(document, instruction);
            if (error is not null) return (null, error);
        }

        return (document, null);
    }

    private static FlowError? ApplyOne(JsonObject document, PatchInstruction instruction)
    {
        var tokens = instruction.Path.Split('/')[1..].Select(PatchInstruction.Unescape).ToArray();
        if (tokens.Any(t => t is null)) return instruction.Invalid("invalid JSON Pointer escape (only ~0 and ~1 are allowed)");
        var field = string.Join('.', tokens);

        JsonNode? parent = document;
        foreach (var token in tokens[..^1])
        {
            parent = parent switch
            {
                JsonObject obj => obj[token!],
                JsonArray array when int.TryParse(token, out var i) && i >= 0 && i < array.Count => array[i],
                _ => null,
            };
            if (parent is null) return instruction.MissingField(field);
        }

        var last = tokens[^1]!;
        var value = instruction.Value?.DeepClone();
        switch (parent)
        {
            case JsonObject obj:
                if (instruction.Op != "add" && !obj.ContainsKey(last)) return instruction.MissingField(field);
                if (instruction.Op == "remove") obj.Remove(last);
                else obj[last] = value;
                return null;
            case JsonArray array:
                var append = instruction.Op == "add" && last == "-";
                var index = -1;
                if (!append && (!int.TryParse(last, out index) || index < 0 || index > array.Count || (index == array.Count && instruction.Op != "add")))
                {
                    return instruction.MissingField(field);
                }

                if (append) array.Add(value);
                else if (instruction.Op == "add") array.Insert(index, value);
                else if (instruction.Op == "replace") array[index] = value;
                else array.RemoveAt(index);
                return null;
            default:
                return instruction.Invalid("the path goes below a value that is neither an object nor an array");
        }
    }
}
