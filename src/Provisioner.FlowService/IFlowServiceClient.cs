namespace Provisioner.FlowService;

/// <summary>
/// The Flow Service operations the provisioner needs, one method per REST route.
/// Every failure surfaces as <see cref="FlowServiceException"/>; "not found" on reads and deletes is a normal result.
/// </summary>
public interface IFlowServiceClient
{
    /// <summary><c>POST /connections</c> → 201 <c>{id, etag}</c>. Never retried: a lost response may still have
    /// committed, which <see cref="FlowServiceException.MayHaveCommitted"/> tells; recover with
    /// <see cref="FindConnectionsByNameAsync"/>.</summary>
    Task<ConnectionRef> CreateConnectionAsync(CreateConnectionRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>GET /connections/{id}</c> → <c>items[0]</c>, or <c>null</c> on 404.</summary>
    Task<Connection?> GetConnectionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /connections?property=name==X</c>, following every <c>_links.next</c> page; exact-name matches only.</summary>
    Task<IReadOnlyList<Connection>> FindConnectionsByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Many names at once: <c>GET /connections?property=name==a,b,c</c> ("any of"), at most
    /// <see cref="ConnectionNameFilter.MaxNamesPerRequest"/> names per request, following every <c>_links.next</c> page.
    /// Every distinct name is a key of the result, with its exact-name matches (empty when none). A name that cannot
    /// share a filter (<see cref="ConnectionNameFilter.CanShareRequest"/>) is looked up as by <see cref="FindConnectionsByNameAsync"/>.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<Connection>>> FindConnectionsByNamesAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default);

    /// <summary><c>GET /connections</c> with optional filters, streaming every continuation page.</summary>
    IAsyncEnumerable<Connection> ListConnectionsAsync(ConnectionQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH /connections/{id}</c> with a JSON Patch array and <c>If-Match: etag</c> (sent verbatim, quotes included).
    /// A stale etag throws with status 412 (<see cref="FlowServiceException.IsPreconditionFailed"/>).</summary>
    Task<ConnectionRef> UpdateConnectionAsync(string id, string etag, IReadOnlyList<JsonPatchOperation> patch, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /connections/{id}</c>. Returns <c>false</c> when the connection was already gone (404).</summary>
    Task<bool> DeleteConnectionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /connectionSpecs/{id}</c>, cached per client; <c>null</c> on 404.</summary>
    Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>GET /connections/{id}/test</c>: whether the service can connect with the connection's credentials.
    /// A rejected test and a missing connection are results (<see cref="ConnectionTestOutcome"/>), not exceptions.</summary>
    Task<ConnectionTestResult> TestConnectionAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /connections/{id}/explore?objectType=root</c>: the top-level items of the source.</summary>
    Task<IReadOnlyList<ExploreItem>> ExploreRootAsync(string connectionId, CancellationToken cancellationToken = default);
}
