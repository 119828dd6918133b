namespace Provisioner.FlowService.Models;

/// <summary>One item of <c>GET /connections/{id}/explore</c>: a folder, file or table of the source.</summary>
public sealed record ExploreItem(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("canPreview")] bool CanPreview,
    [property: JsonPropertyName("canFetchSchema")] bool CanFetchSchema);
