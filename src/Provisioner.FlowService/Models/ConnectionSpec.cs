namespace Provisioner.FlowService.Models;

/// <summary>A source's connection spec (<c>GET /connectionSpecs/{id}</c> → <c>items[0]</c>), reduced to what
/// provisioning needs: identity and the auth specs that say which params a connection must carry.</summary>
public sealed record ConnectionSpec : CatalogSpec
{
    [JsonPropertyName("authSpec")] public IReadOnlyList<AuthSpec> AuthSpecs { get; init; } = [];

    public AuthSpec? FindAuthSpec(string specName) =>
        AuthSpecs.FirstOrDefault(a => string.Equals(a.Name, specName, StringComparison.Ordinal));
}

/// <summary>One <c>authSpec</c> item: <c>{name, type, spec}</c> where <c>spec</c> is a draft-07 JSON Schema.</summary>
public sealed record AuthSpec
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("spec")] public JsonObject? Spec { get; init; }

    /// <summary>Params listed under <c>spec.required</c>.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> RequiredParams =>
        Spec?["required"] is JsonArray required
            ? required.Select(n => n?.GetValue<string>()).OfType<string>().ToArray()
            : [];

    /// <summary>All params declared under <c>spec.properties</c>.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> DeclaredParams =>
        Spec?["properties"] is JsonObject properties ? properties.Select(p => p.Key).ToArray() : [];

    /// <summary>Params whose schema says <c>format: password</c>: secrets, masked by the service on read.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> SecretParams =>
        Spec?["properties"] is JsonObject properties
            ? properties.Where(p => p.Value?["format"]?.GetValue<string>() == "password").Select(p => p.Key).ToArray()
            : [];
}
