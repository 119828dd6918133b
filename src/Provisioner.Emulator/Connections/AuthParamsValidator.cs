using System.Runtime.CompilerServices;
using Json.Schema;

namespace Provisioner.Emulator.Connections;

/// <summary>
/// Checks <c>auth.params</c> against an auth spec's JSON Schema (the one the emulator serves, see
/// <see cref="CatalogAuthSpec.ToJsonSchema"/>) with JsonSchema.Net, and turns the first failing param, in the spec's
/// order, into Flow's error. Params the schema does not declare are accepted, as a schema without
/// <c>additionalProperties: false</c> accepts them. Used for create and again on the result of every PATCH.
/// </summary>
internal static class AuthParamsValidator
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    // One compiled schema per auth spec; the catalog's specs live as long as the emulator.
    private static readonly ConditionalWeakTable<CatalogAuthSpec, JsonSchema> Schemas = new();

    public static FlowError? Validate(CatalogAuthSpec spec, IReadOnlyDictionary<string, JsonElement> values)
    {
        // Flow treats a null param as an absent one (JSON Schema alone would call it a type error).
        var present = values.Where(v => v.Value.ValueKind != JsonValueKind.Null).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var result = Schemas.GetValue(spec, Compile).Evaluate(Instance(present), Options);
        var failed = FailedKeywords(result);

        foreach (var param in spec.Params)
        {
            var field = $"auth.params.{param.Name}";
            if (!present.TryGetValue(param.Name, out var value))
            {
                if (failed.Contains(("", "required")) && param.Required) return FlowError.MissingField(field);
                continue;
            }

            var at = "/" + param.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
            if (failed.Contains((at, "type"))) return FlowError.InvalidField(field, $"expected {param.Type}, got {Describe(value.ValueKind)}");
            // Flow's own rule beyond the schema: a required text may not be empty.
            if (param.Required && value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0) return FlowError.MissingField(field);
            if (failed.Contains((at, "pattern")))
            {
                // The value may be a secret: say which rule failed, never echo the value.
                return FlowError.InvalidField(field, "it does not match the pattern the connection spec requires");
            }

            if (failed.Contains((at, "enum"))) return FlowError.InvalidField(field, $"expected one of {string.Join(", ", param.Enum!)}");
        }

        return null;
    }

    // A registry of its own: the catalog's schemas carry no $id, and each is built once.
    private static JsonSchema Compile(CatalogAuthSpec spec) =>
        JsonSchema.FromText(spec.ToJsonSchema().ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static JsonElement Instance(IReadOnlyDictionary<string, JsonElement> values)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>(instance location, keyword) of every failed keyword, e.g. ("/port", "type") or ("", "required").</summary>
    private static HashSet<(string At, string Keyword)> FailedKeywords(EvaluationResults result)
    {
        var failed = new HashSet<(string, string)>();
        void Collect(EvaluationResults node)
        {
            foreach (var keyword in node.Errors?.Keys.AsEnumerable() ?? [])
            {
                failed.Add((node.InstanceLocation.ToString(), keyword));
            }

            foreach (var detail in node.Details ?? [])
            {
                Collect(detail);
            }
        }

        Collect(result);
        return failed;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
