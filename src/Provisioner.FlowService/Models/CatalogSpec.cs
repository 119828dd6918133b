namespace Provisioner.FlowService.Models;

/// <summary>What the service's catalog says of every spec it serves, connection specs (<c>/connectionSpecs</c>) and
/// flow specs (<c>/flowSpecs</c>) alike: identity, publisher, version and free-form attributes.</summary>
public abstract record CatalogSpec
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("providerId")] public string? ProviderId { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    /// <summary><c>attributes</c> as served (a connection spec's category, connectorName, isSource, …).</summary>
    [JsonPropertyName("attributes")] public JsonObject? Attributes { get; init; }
}
