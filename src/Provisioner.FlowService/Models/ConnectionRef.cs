namespace Provisioner.FlowService.Models;

/// <summary>What every create, update and action returns, on connections and pipeline objects alike (OAS
/// <c>CreateConnectionResponse</c>, <c>CreateSourceConnectionResponse</c>, <c>CreateFlowResponse</c>, …): the id and the
/// new etag, literal quotes included (<c>"\"…\""</c>).</summary>
public sealed record ConnectionRef(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("etag")] string Etag);
