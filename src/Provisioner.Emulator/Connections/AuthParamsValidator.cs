using System.Text.Json;
using System.Text.RegularExpressions;
using Provisioner.Emulator.Catalog;
using Provisioner.Emulator.Gateway;

namespace Provisioner.Emulator.Connections;

/// <summary>
/// Checks <c>auth.params</c> against an auth spec's JSON Schema: <c>required</c>, <c>type</c>, <c>pattern</c> and
/// <c>enum</c> — the only keywords the catalog generates (see <see cref="CatalogParam.ToJsonSchema"/>). Params the
/// schema does not declare are accepted, as a schema without <c>additionalProperties: false</c> accepts them.
/// Used for create and again on the result of every PATCH.
/// </summary>
internal static class AuthParamsValidator
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public static FlowError? Validate(CatalogAuthSpec spec, IReadOnlyDictionary<string, JsonElement> values)
    {
        foreach (var param in spec.Params)
        {
            var present = values.TryGetValue(param.Name, out var value) && value.ValueKind != JsonValueKind.Null;
            if (!present)
            {
                if (param.Required) return FlowError.MissingField($"auth.params.{param.Name}");
                continue;
            }

            var field = $"auth.params.{param.Name}";
            if (!HasType(value, param.Type)) return FlowError.InvalidField(field, $"expected {param.Type}, got {Describe(value.ValueKind)}");
            if (param.Required && param.Type == "string" && value.GetString()!.Length == 0) return FlowError.MissingField(field);
            if (param.Pattern is not null && !MatchesPattern(param.Pattern, value.GetString()!))
            {
                // The value may be a secret: say which rule failed, never echo the value.
                return FlowError.InvalidField(field, "it does not match the pattern the connection spec requires");
            }

            if (param.Enum is not null && !param.Enum.Contains(value.ToString()))
            {
                return FlowError.InvalidField(field, $"expected one of {string.Join(", ", param.Enum)}");
            }
        }

        return null;
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => false,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static bool MatchesPattern(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
