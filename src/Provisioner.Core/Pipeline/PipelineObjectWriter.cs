using Provisioner.Core.Reconciliation;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Pipeline;

/// <summary>
/// Every write of one source connection, target connection or dataflow, with the guarantees base connections have:
/// a create is duplicate-safe (<see cref="DuplicateSafeCreate"/>: a lost answer is settled by name, never taking an
/// object of <c>notOurs</c>), an update tells its own retried PATCH from someone else's change
/// (<see cref="OwnRetryRecognition"/>), a delete of an object already gone is fine. The reconciler's waves and the
/// single Pulumi resources both write through here, so the rules exist once.
/// </summary>
public sealed class PipelineObjectWriter
{
    private readonly IFlowPipelineClient _client;
    private readonly DuplicateSafeCreate _create;

    public PipelineObjectWriter(IFlowPipelineClient client, int maxCreateAttempts = 3, TimeSpan? lookupTimeout = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _create = new DuplicateSafeCreate(maxCreateAttempts, lookupTimeout ?? SafeConnectionCreator.DefaultLookupTimeout, time ?? TimeProvider.System);
    }

    /// <summary>The client collection of a kind.</summary>
    public static PipelineRoute RouteOf(PipelineKind kind) => kind switch
    {
        PipelineKind.SourceConnection => PipelineRoute.SourceConnections,
        PipelineKind.TargetConnection => PipelineRoute.TargetConnections,
        _ => PipelineRoute.Flows,
    };

    /// <summary>POSTs <paramref name="request"/> (its references already filled: <see cref="DesiredPipelineObject.ToRequest"/>)
    /// duplicate-safely. The request must carry a <c>name</c>.</summary>
    /// <param name="notOurs">Objects of this kind and name that existed before, or belong to other keys: never taken
    /// for the one this POST committed.</param>
    /// <exception cref="UnsettledCreateException">Cancelled (or unanswered and not found) after the POST was sent;
    /// <see cref="UnsettledCreateException.Committed"/> is the committed object when it was found.</exception>
    /// <exception cref="AmbiguousConnectionException">The answer was lost and several new objects of the name appeared.</exception>
    public async Task<ConnectionRef> CreateAsync(PipelineKind kind, JsonObject request, IReadOnlySet<string> notOurs, CancellationToken cancellationToken = default) =>
        (await CreateSettledAsync(kind, request, notOurs, cancellationToken).ConfigureAwait(false)).Connection;

    /// <summary>As <see cref="CreateAsync"/>, saying whether a lost answer was recovered by name.</summary>
    public Task<SafeCreateResult> CreateSettledAsync(PipelineKind kind, JsonObject request, IReadOnlySet<string> notOurs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request["name"] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new ReconcileException($"a {PipelineKindInfo.Of(kind).Noun}'s create request carries no name, and a name is how a create whose answer is lost is found again");
        var info = PipelineKindInfo.Of(kind);
        var route = RouteOf(kind);
        var target = new CreateTarget(info.Noun, info.PulumiType,
            ct => _client.CreateObjectAsync(route, request, ct),
            async (n, ct) => (await _client.FindObjectsByNameAsync(route, n, ct).ConfigureAwait(false)).Select(o => new ConnectionRef(o.Id, o.Etag)).ToArray());
        return _create.CreateAsync(target, name, notOurs, cancellationToken);
    }

    /// <summary>One PATCH with If-Match <paramref name="etag"/>; a 412 after a retry of a PATCH that had committed is
    /// recognised as ours when the object shows every operation. A real conflict keeps its 412.</summary>
    public Task<ConnectionRef> UpdateAsync(PipelineKind kind, string id, string etag, IReadOnlyList<JsonPatchOperation> patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var route = RouteOf(kind);
        return OwnRetryRecognition.UpdateAsync(etag,
            ct => _client.UpdateObjectAsync(route, id, etag, patch, ct),
            async ct => await _client.GetObjectAsync(route, id, ct).ConfigureAwait(false) is { } live
                ? (new ConnectionRef(live.Id, live.Etag), PatchShows.In(live.Item, patch))
                : null,
            cancellationToken);
    }

    /// <summary>DELETE; an object already gone (404) is what was wanted.</summary>
    public async Task DeleteAsync(PipelineKind kind, string id, CancellationToken cancellationToken = default) =>
        _ = await _client.DeleteObjectAsync(RouteOf(kind), id, cancellationToken).ConfigureAwait(false);

    /// <summary>Enables or disables a dataflow (<c>POST /flows/{id}/action?op=…</c>) without If-Match: Adobe's
    /// examples send none and the OAS marks it optional, and a flow's etag may move after a create while its state
    /// settles, which would make an If-Match switch fail with 412.</summary>
    public Task<ConnectionRef> SetEnabledAsync(string flowId, bool enabled, CancellationToken cancellationToken = default) =>
        _client.SetFlowEnabledAsync(flowId, enabled, etag: null, cancellationToken);

    /// <summary>Objects of this kind carrying exactly <paramref name="name"/>.</summary>
    public Task<IReadOnlyList<PipelineObject>> FindByNameAsync(PipelineKind kind, string name, CancellationToken cancellationToken = default) =>
        _client.FindObjectsByNameAsync(RouteOf(kind), name, cancellationToken);

    /// <summary>The object as served, or null when it is gone.</summary>
    public Task<PipelineObject?> ReadAsync(PipelineKind kind, string id, CancellationToken cancellationToken = default) =>
        _client.GetObjectAsync(RouteOf(kind), id, cancellationToken);
}
