namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The real client over loopback, with hooks that run around chosen calls: for the few moments a test must
/// act at an exact point (between a POST and its lookup; after a PATCH committed but before its answer arrives)
/// that the emulator's rate-based faults cannot pick deterministically. Every request still goes to the emulator.</summary>
internal sealed class InterceptingClient(IFlowServiceClient inner) : IFlowServiceClient
{
    /// <summary>Runs before each name lookup (the one the creator does after an interrupted POST).</summary>
    public Action? BeforeFind { get; set; }

    /// <summary>Replaces POST: gets the real client's call and decides what the caller sees.</summary>
    public Func<Func<Task<ConnectionRef>>, Task<ConnectionRef>>? AroundCreate { get; set; }

    /// <summary>Replaces PATCH: gets the real client's call and decides what the caller sees.</summary>
    public Func<Func<Task<ConnectionRef>>, Task<ConnectionRef>>? AroundUpdate { get; set; }

    public int Finds { get; private set; }
    public int Gets { get; private set; }

    public Task<ConnectionRef> CreateConnectionAsync(CreateConnectionRequest request, CancellationToken cancellationToken = default) =>
        AroundCreate is { } around ? around(() => inner.CreateConnectionAsync(request, cancellationToken)) : inner.CreateConnectionAsync(request, cancellationToken);

    public Task<Connection?> GetConnectionAsync(string id, CancellationToken cancellationToken = default)
    {
        Gets++;
        return inner.GetConnectionAsync(id, cancellationToken);
    }

    public Task<IReadOnlyList<Connection>> FindConnectionsByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        Finds++;
        BeforeFind?.Invoke();
        return inner.FindConnectionsByNameAsync(name, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<Connection>>> FindConnectionsByNamesAsync(IReadOnlyCollection<string> names,
        CancellationToken cancellationToken = default) => inner.FindConnectionsByNamesAsync(names, cancellationToken);

    public IAsyncEnumerable<Connection> ListConnectionsAsync(ConnectionQuery? query = null, CancellationToken cancellationToken = default) =>
        inner.ListConnectionsAsync(query, cancellationToken);

    public Task<ConnectionRef> UpdateConnectionAsync(string id, string etag, IReadOnlyList<JsonPatchOperation> patch, CancellationToken cancellationToken = default) =>
        AroundUpdate is { } around ? around(() => inner.UpdateConnectionAsync(id, etag, patch, cancellationToken)) : inner.UpdateConnectionAsync(id, etag, patch, cancellationToken);

    public Task<bool> DeleteConnectionAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteConnectionAsync(id, cancellationToken);

    public Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default) => inner.GetConnectionSpecAsync(id, cancellationToken);

    public Task<IReadOnlyList<ExploreItem>> ExploreRootAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.ExploreRootAsync(connectionId, cancellationToken);

    public Task<ConnectionTestResult> TestConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        inner.TestConnectionAsync(connectionId, cancellationToken);

    /// <summary>A client whose POSTs commit, after which the caller's cancellation cuts the answer off.</summary>
    public static InterceptingClient CancelledAfterCommit(IFlowServiceClient inner) => new(inner)
    {
        AroundCreate = async send =>
        {
            await send();
            throw new OperationCanceledException();
        },
    };

    /// <summary>What the client throws when a PATCH's retry meets the etag its own lost first attempt set.</summary>
    public static FlowServiceException LostAnswer412() =>
        new("PATCH /connections/{id} failed: HTTP 412; an earlier attempt may have applied the change")
        {
            StatusCode = System.Net.HttpStatusCode.PreconditionFailed, Operation = "PATCH /connections/{id}", MayHaveCommitted = true,
        };
}
