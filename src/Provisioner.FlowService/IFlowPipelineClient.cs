namespace Provisioner.FlowService;

/// <summary>
/// The Flow Service operations on the objects after a base connection: source connections, target connections and
/// dataflows (one set of methods for the three, by <see cref="PipelineRoute"/>), a dataflow's enable/disable action,
/// flow specs and runs. Behaves as <see cref="IFlowServiceClient"/> does for connections: every failure is a
/// <see cref="FlowServiceException"/>; "not found" on reads and deletes is a normal result. A separate interface so
/// that implementations of <see cref="IFlowServiceClient"/> (decorators, fakes) need not grow; the client and
/// <see cref="FlowServiceClientHandle"/> implement both.
/// </summary>
public interface IFlowPipelineClient
{
    /// <summary><c>POST /{route}</c> with <paramref name="body"/> as given (OAS <c>CreateSourceConnectionRequest</c>,
    /// <c>CreateTargetConnectionRequest</c>, <c>CreateFlowRequest</c>) → 201 <c>{id, etag}</c>. The body must carry a
    /// <c>name</c>: it is how a create whose answer was lost is found again. Never retried: when the answer is lost the
    /// exception's <see cref="FlowServiceException.MayHaveCommitted"/> is true; recover with
    /// <see cref="FindObjectsByNameAsync"/>.</summary>
    Task<ConnectionRef> CreateObjectAsync(PipelineRoute route, JsonObject body, CancellationToken cancellationToken = default);

    /// <summary><c>GET /{route}/{id}</c> → <c>items[0]</c>, or <c>null</c> on 404.</summary>
    Task<PipelineObject?> GetObjectAsync(PipelineRoute route, string id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /{route}?property=name==X</c>, following every <c>_links.next</c> page; exact-name matches only
    /// (a name the filter would read differently is matched over the whole list, as for connections).</summary>
    Task<IReadOnlyList<PipelineObject>> FindObjectsByNameAsync(PipelineRoute route, string name, CancellationToken cancellationToken = default);

    /// <summary>Many names at once (<c>property=name==a,b,c</c>, at most <see cref="ConnectionNameFilter.MaxNamesPerRequest"/>
    /// per request); every distinct name is a key of the result, with its exact-name matches (empty when none).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<PipelineObject>>> FindObjectsByNamesAsync(PipelineRoute route, IReadOnlyCollection<string> names, CancellationToken cancellationToken = default);

    /// <summary><c>GET /{route}</c> with optional filters, streaming every continuation page.</summary>
    IAsyncEnumerable<PipelineObject> ListObjectsAsync(PipelineRoute route, ConnectionQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH /{route}/{id}</c> with a JSON Patch array and <c>If-Match: etag</c> (verbatim). A stale etag
    /// throws with status 412 (<see cref="FlowServiceException.IsPreconditionFailed"/>). Returns the new etag.</summary>
    Task<ConnectionRef> UpdateObjectAsync(PipelineRoute route, string id, string etag, IReadOnlyList<JsonPatchOperation> patch, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /{route}/{id}</c>. Returns <c>false</c> when the object was already gone (404).</summary>
    Task<bool> DeleteObjectAsync(PipelineRoute route, string id, CancellationToken cancellationToken = default);

    /// <summary><c>POST /flows/{id}/action?op=enable</c> or <c>op=disable</c> (OAS <c>postStateTransition</c>) → 200
    /// <c>{id, etag}</c> (<c>CreateFlowResponse</c>). <paramref name="etag"/>, when given, is sent as <c>If-Match</c>
    /// (optional in the OAS). Enabling an enabled flow is refused by the service (FLOW-1422-400): read the state first.</summary>
    Task<ConnectionRef> SetFlowEnabledAsync(string flowId, bool enabled, string? etag = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /flowSpecs/{id}</c>, cached per client; <c>null</c> on 404.</summary>
    Task<FlowSpec?> GetFlowSpecAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /flowSpecs?property=name==X</c> (e.g. <c>CloudStorageToAEP</c>), cached per client; the first
    /// exact-name match, or <c>null</c> when none.</summary>
    Task<FlowSpec?> FindFlowSpecByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary><c>GET /runs?property=flowId==X&amp;orderby=-createdAt</c>: the dataflow's newest runs, newest first, at
    /// most <paramref name="maxRuns"/> (read-only; runs are made by the service).</summary>
    Task<IReadOnlyList<FlowRun>> ListRunsAsync(string flowId, int maxRuns = 1, CancellationToken cancellationToken = default);
}
