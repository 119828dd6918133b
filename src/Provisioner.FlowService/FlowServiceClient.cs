using System.Text.Json;
using Provisioner.FlowService.Catalog;
using Provisioner.FlowService.Collections;
using Provisioner.FlowService.Json;

namespace Provisioner.FlowService;

/// <summary>
/// The Flow Service client over <see cref="HttpClient"/>. Authentication, gateway headers, retries and logging are
/// handlers around the <see cref="HttpClient"/> (see <see cref="FlowServiceServiceCollectionExtensions"/>); this class
/// maps operations to routes and responses to results: connections here, the pipeline objects in
/// <c>FlowServiceClient.Pipeline.cs</c>, both through one <see cref="CollectionClient{T}"/> per collection. Thread-safe.
/// </summary>
public partial class FlowServiceClient : IFlowServiceClient, IFlowPipelineClient
{
    /// <summary>The name of the Flow Service's HTTP client in the HTTP client factory.</summary>
    internal const string HttpClientName = "Provisioner.FlowService";

    private readonly FlowChannel _channel;
    private readonly CollectionClient<Connection> _connections;
    private readonly CollectionClient<ConnectionSpec> _connectionSpecs;
    private readonly SpecCatalog<ConnectionSpec> _specs = new();

    /// <summary>Created by the HTTP client factory; use <c>services.AddFlowServiceClient(...)</c> or
    /// <see cref="FlowServiceClientFactory.Create"/> rather than calling this directly.</summary>
    public FlowServiceClient(HttpClient http, IOptions<FlowServiceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _channel = new FlowChannel(http, options.Value);
        _connections = new CollectionClient<Connection>(_channel, FlowCollection.Connections, FlowServiceJsonContext.Default.ItemsPageConnection, c => c.Name);
        _connectionSpecs = new CollectionClient<ConnectionSpec>(_channel, FlowCollection.ConnectionSpecs, FlowServiceJsonContext.Default.ItemsPageConnectionSpec, s => s.Name);
        _objects = PipelineCollections(_channel);
        _flowSpecs = new CollectionClient<FlowSpec>(_channel, FlowCollection.FlowSpecs, FlowServiceJsonContext.Default.ItemsPageFlowSpec, s => s.Name);
        _runs = new CollectionClient<FlowRun>(_channel, FlowCollection.Runs, FlowServiceJsonContext.Default.ItemsPageFlowRun, _ => null);
    }

    /// <inheritdoc />
    public Task<ConnectionRef> CreateConnectionAsync(CreateConnectionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Name, "request.Name");
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ConnectionSpec?.Id, "request.ConnectionSpec.Id");
        // No auth at all is valid for specs that take none (Data Landing Zone); given, it needs its specName.
        if (request.Auth is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(request.Auth.SpecName, "request.Auth.SpecName");
        }

        var secrets = _channel.NewSecrets();
        RequestSecrets.AddAuthValues(secrets, request.Auth?.Params);
        return _connections.CreateAsync(JsonBodies.Content(request, FlowServiceJsonContext.Default.CreateConnectionRequest), secrets, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Connection?> GetConnectionAsync(string id, CancellationToken cancellationToken = default) =>
        _connections.GetAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Connection>> FindConnectionsByNameAsync(string name, CancellationToken cancellationToken = default) =>
        _connections.FindByNameAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<Connection>>> FindConnectionsByNamesAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default) =>
        _connections.FindByNamesAsync(names, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Connection> ListConnectionsAsync(ConnectionQuery? query = null, CancellationToken cancellationToken = default) =>
        _connections.ListAsync(query ?? new ConnectionQuery(), cancellationToken);

    /// <inheritdoc />
    public Task<ConnectionRef> UpdateConnectionAsync(string id, string etag, IReadOnlyList<JsonPatchOperation> patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var secrets = _channel.NewSecrets();
        foreach (var change in patch.Where(c => c.Path.StartsWith("/auth", StringComparison.Ordinal)))
        {
            RequestSecrets.AddAuthValues(secrets, change.Value);
        }

        return _connections.UpdateAsync(id, etag, patch, secrets, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> DeleteConnectionAsync(string id, CancellationToken cancellationToken = default) =>
        _connections.DeleteAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return _specs.GetAsync(id, _connectionSpecs.GetAsync, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExploreItem>> ExploreRootAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionId);
        var operation = FlowOperation.ExploreRoot(connectionId);
        using var response = await _channel.GetAsync(operation, _channel.Route("connections/", connectionId, "/explore?objectType=root"), cancellationToken).ConfigureAwait(false);

        // Adobe documents a bare array; accept the {items:[…]} wrapper the other routes use as well.
        var root = await JsonBodies.ReadAsync(operation, response, FlowServiceJsonContext.Default.JsonNode, cancellationToken).ConfigureAwait(false);
        try
        {
            var items = root is JsonObject wrapper ? wrapper["items"] : root;
            return items?.Deserialize(FlowServiceJsonContext.Default.IReadOnlyListExploreItem)
                ?? throw FlowServiceErrors.Malformed(operation, response, "no array of items");
        }
        catch (JsonException)
        {
            throw FlowServiceErrors.Malformed(operation, response, "the items are not explore entries {type, name, path, canPreview, canFetchSchema}");
        }
    }
}
