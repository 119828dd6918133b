namespace Provisioner.FlowService.Models;

/// <summary>What create and update return: the id and the new etag, literal quotes included (<c>"\"…\""</c>).</summary>
public sealed record ConnectionRef(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("etag")] string Etag);
