namespace Provisioner.FlowService.Models;

/// <summary>A base connection as <c>GET /connections/{id}</c> returns it. Secret params come back masked.</summary>
public sealed record Connection
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("connectionSpec")] public required ConnectionSpecRef ConnectionSpec { get; init; }
    [JsonPropertyName("auth")] public ConnectionAuth? Auth { get; init; }
    /// <summary><c>enabled</c>, <c>disabled</c>, or a transitional state such as <c>initializing</c>.</summary>
    [JsonPropertyName("state")] public string? State { get; init; }
    /// <summary>Quoted etag, equal to <see cref="Version"/>.</summary>
    [JsonPropertyName("etag")] public required string Etag { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    /// <summary>Epoch milliseconds.</summary>
    [JsonPropertyName("createdAt")] public long? CreatedAt { get; init; }
    /// <summary>Epoch milliseconds.</summary>
    [JsonPropertyName("updatedAt")] public long? UpdatedAt { get; init; }
    [JsonPropertyName("createdBy")] public string? CreatedBy { get; init; }
    [JsonPropertyName("updatedBy")] public string? UpdatedBy { get; init; }
    [JsonPropertyName("createdClient")] public string? CreatedClient { get; init; }
    [JsonPropertyName("updatedClient")] public string? UpdatedClient { get; init; }
    [JsonPropertyName("sandboxId")] public string? SandboxId { get; init; }
    [JsonPropertyName("sandboxName")] public string? SandboxName { get; init; }
    [JsonPropertyName("imsOrgId")] public string? ImsOrgId { get; init; }
}
