namespace Provisioner.FlowService.Models;

/// <summary>The Flow Service collections of the objects after a base connection in an ingestion pipeline. Each is
/// served the same way as <c>/connections</c>: POST → 201 <c>{id, etag}</c>, <c>GET /{id}</c> → <c>{items:[…]}</c>,
/// <c>property=</c> filters with continuation pages, PATCH with <c>If-Match</c>, DELETE → 204.</summary>
public enum PipelineRoute
{
    /// <summary><c>/sourceConnections</c> (OAS <c>CreateSourceConnectionRequest</c>, <c>SourceConnectionItemDTO</c>).</summary>
    SourceConnections,

    /// <summary><c>/targetConnections</c> (OAS <c>CreateTargetConnectionRequest</c>, <c>TargetConnectionItemDTO</c>).</summary>
    TargetConnections,

    /// <summary><c>/flows</c>, dataflows (OAS <c>CreateFlowRequest</c>, <c>FlowItemDTO</c>).</summary>
    Flows,
}
