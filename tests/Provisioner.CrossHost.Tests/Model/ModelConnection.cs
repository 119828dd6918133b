using System.Text.Json;

namespace Provisioner.CrossHost.Tests.Model;

/// <summary>
/// One desired connection of the model. Param values are kept as JSON text (<c>"abc"</c>, <c>22</c>, <c>true</c>), so
/// the model is immutable and compares by value; a secret param's value is the secret's plain text, which each host
/// receives its own way (environment variable, the set's <c>secrets</c>, a secret input).
/// </summary>
public sealed record ModelConnection(string Key, string Name, string? Description, Profile Profile, ImmutableSortedDictionary<string, string> Params)
{
    /// <summary>The secret reference a definitions file uses for <paramref name="param"/> of this connection.</summary>
    public string SecretName(string param) => $"{Key}_{param}";

    public bool IsSecret(string param) => Profile.KindOf(param) == ParamKind.Secret;

    public JsonNode Value(string param) => JsonNode.Parse(Params[param])!;

    public static string Json(string text) => JsonSerializer.Serialize(text);

    public override string ToString() =>
        $"{Key}: '{Name}'{(Description is null ? "" : $" ({Description})")} {Profile} "
        + string.Join(", ", Params.Select(p => $"{p.Key}{(IsSecret(p.Key) ? " (secret)" : "")}={p.Value}"));
}
