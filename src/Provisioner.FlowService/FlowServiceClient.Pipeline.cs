using Provisioner.FlowService.Catalog;
using Provisioner.FlowService.Collections;
using Provisioner.FlowService.Json;

namespace Provisioner.FlowService;

public partial class FlowServiceClient
{
    /// <summary>The documented cap of <c>limit</c> on every list route.</summary>
    private const int MaxPageSize = 100;

    private readonly Dictionary<PipelineRoute, CollectionClient<PipelineObject>> _objects;
    private readonly CollectionClient<FlowSpec> _flowSpecs;
    private readonly CollectionClient<FlowRun> _runs;
    private readonly SpecCatalog<FlowSpec> _flowSpecsById = new();
    private readonly SpecCatalog<FlowSpec> _flowSpecsByName = new();

    /// <inheritdoc />
    public Task<ConnectionRef> CreateObjectAsync(PipelineRoute route, JsonObject body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body["name"] is not JsonValue name || !name.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
        {
            // Without a name, a create whose answer is lost could never be found again: it would be posted twice.
            throw new ArgumentException($"The {FlowCollection.Of(route).Noun} to create has no name; a name is how a create whose answer was lost is found again.", nameof(body));
        }

        // Pipeline objects carry no credentials (those live on the base connection): the client's own are scrubbed.
        return Objects(route).CreateAsync(JsonBodies.Content(body, FlowServiceJsonContext.Default.JsonObject), _channel.NewSecrets(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<PipelineObject?> GetObjectAsync(PipelineRoute route, string id, CancellationToken cancellationToken = default) =>
        Objects(route).GetAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PipelineObject>> FindObjectsByNameAsync(PipelineRoute route, string name, CancellationToken cancellationToken = default) =>
        Objects(route).FindByNameAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<PipelineObject>>> FindObjectsByNamesAsync(PipelineRoute route, IReadOnlyCollection<string> names, CancellationToken cancellationToken = default) =>
        Objects(route).FindByNamesAsync(names, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<PipelineObject> ListObjectsAsync(PipelineRoute route, ConnectionQuery? query = null, CancellationToken cancellationToken = default) =>
        Objects(route).ListAsync(query ?? new ConnectionQuery(), cancellationToken);

    /// <inheritdoc />
    public Task<ConnectionRef> UpdateObjectAsync(PipelineRoute route, string id, string etag, IReadOnlyList<JsonPatchOperation> patch, CancellationToken cancellationToken = default) =>
        Objects(route).UpdateAsync(id, etag, patch, _channel.NewSecrets(), cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteObjectAsync(PipelineRoute route, string id, CancellationToken cancellationToken = default) =>
        Objects(route).DeleteAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<ConnectionRef> SetFlowEnabledAsync(string flowId, bool enabled, string? etag = null, CancellationToken cancellationToken = default) =>
        // Lower case as in Adobe's dataflow tutorials; the OAS enum spells ENABLE/DISABLE and the service takes either.
        Objects(PipelineRoute.Flows).ActAsync(flowId, enabled ? "op=enable" : "op=disable", etag, cancellationToken);

    /// <inheritdoc />
    public Task<FlowSpec?> GetFlowSpecAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return _flowSpecsById.GetAsync(id, _flowSpecs.GetAsync, cancellationToken);
    }

    /// <inheritdoc />
    public Task<FlowSpec?> FindFlowSpecByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _flowSpecsByName.GetAsync(name, async (n, ct) =>
            (await _flowSpecs.FindByNameAsync(n, ct).ConfigureAwait(false)) is [var first, ..] ? first : null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FlowRun>> ListRunsAsync(string flowId, int maxRuns = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRuns, 1);
        var query = new ConnectionQuery
        {
            Properties = [$"flowId=={flowId}"],
            OrderBy = "-createdAt",
            PageSize = Math.Min(maxRuns, MaxPageSize),
        };
        var runs = new List<FlowRun>();
        await foreach (var run in _runs.ListAsync(query, cancellationToken).ConfigureAwait(false))
        {
            // Only this flow's runs count, whatever the filter let through; stop paging once enough are read.
            if (run.FlowId is null || string.Equals(run.FlowId, flowId, StringComparison.Ordinal))
            {
                runs.Add(run);
            }

            if (runs.Count == maxRuns)
            {
                break;
            }
        }

        // Newest first even if the service's order differs within the page (stable for equal times).
        return runs.OrderByDescending(r => r.CreatedAt ?? r.StartedAt ?? long.MinValue).ToArray();
    }

    private CollectionClient<PipelineObject> Objects(PipelineRoute route) =>
        _objects.TryGetValue(route, out var collection)
            ? collection
            : throw new ArgumentOutOfRangeException(nameof(route), route, "Not a pipeline collection.");

    private static Dictionary<PipelineRoute, CollectionClient<PipelineObject>> PipelineCollections(FlowChannel channel) =>
        Enum.GetValues<PipelineRoute>().ToDictionary(route => route, route =>
            new CollectionClient<PipelineObject>(channel, FlowCollection.Of(route), FlowServiceJsonContext.Default.ItemsPagePipelineObject, o => o.Name));
}
