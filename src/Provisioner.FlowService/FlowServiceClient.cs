using System.Runtime.CompilerServices;
using System.Text.Json;
using Provisioner.FlowService.Batching;
using Provisioner.FlowService.Catalog;
using Provisioner.FlowService.Json;

namespace Provisioner.FlowService;

/// <summary>
/// The Flow Service client over <see cref="HttpClient"/>. Authentication, gateway headers, retries and logging are
/// handlers around the <see cref="HttpClient"/> (see <see cref="FlowServiceServiceCollectionExtensions"/>); this class
/// maps operations to routes and responses to results. Thread-safe.
/// </summary>
public sealed partial class FlowServiceClient : IFlowServiceClient
{
    private readonly HttpClient _http;
    private readonly FlowServiceOptions _options;
    private readonly Uri _base;
    private readonly ConnectionSpecCatalog _specs = new();
    private readonly NameLookupCoalescer _nameLookups;

    /// <summary>Created by the HTTP client factory; use <c>services.AddFlowServiceClient(...)</c> or
    /// <see cref="FlowServiceClientFactory.Create"/> rather than calling this directly.</summary>
    public FlowServiceClient(HttpClient http, IOptions<FlowServiceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _base = FlowServiceEndpoints.FlowServiceBase(_options.Endpoint);
        _nameLookups = new NameLookupCoalescer(FindConnectionsByNamesAsync);
    }

    /// <inheritdoc />
    public async Task<ConnectionRef> CreateConnectionAsync(CreateConnectionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Name, "request.Name");
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ConnectionSpec?.Id, "request.ConnectionSpec.Id");
        // No auth at all is valid for specs that take none (Data Landing Zone); given, it needs its specName.
        if (request.Auth is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(request.Auth.SpecName, "request.Auth.SpecName");
        }

        var operation = FlowOperation.CreateConnection;
        var secrets = NewSecrets();
        RequestSecrets.AddAuthValues(secrets, request.Auth?.Params);
        using var message = new HttpRequestMessage(HttpMethod.Post, Route("connections"))
        {
            Content = JsonBodies.Content(request, FlowServiceJsonContext.Default.CreateConnectionRequest),
        };

        using var response = await SendAsync(operation, message, secrets, cancellationToken).ConfigureAwait(false);
        await FlowResponses.ThrowIfFailedAsync(operation, response, secrets, cancellationToken).ConfigureAwait(false);
        var created = await JsonBodies.ReadAsync(operation, response, FlowServiceJsonContext.Default.ConnectionRef, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(created.Id) || string.IsNullOrEmpty(created.Etag))
        {
            throw FlowServiceErrors.Malformed(operation, response, "the answer lacks the new connection's id or etag");
        }

        return created;
    }

    /// <inheritdoc />
    public async Task<Connection?> GetConnectionAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var operation = FlowOperation.GetConnection(id);
        using var response = await SendWithoutBodyAsync(operation, HttpMethod.Get, Route("connections/", id), notFoundMeansAbsent: true, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        var page = await JsonBodies.ReadAsync(operation, response, FlowServiceJsonContext.Default.ItemsPageConnection, cancellationToken).ConfigureAwait(false);
        return page.Items is null
            ? throw FlowServiceErrors.Malformed(operation, response, "no items array")
            : page.Items.Count > 0 ? page.Items[0] : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Connection>> FindConnectionsByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (ConnectionNameFilter.CanShareRequest(name))
        {
            // Concurrent callers (e.g. the engine's parallel Creates) share list requests; a settling lookup goes alone,
            // straight out (the batch path below sends a shareable name's own filtered request).
            return SettlingCalls.Active
                ? (await FindConnectionsByNamesAsync([name], cancellationToken).ConfigureAwait(false))[name]
                : await _nameLookups.FindAsync(name, cancellationToken).ConfigureAwait(false);
        }

        // A name the service filter would read differently (a comma means "any of", a quote starts a quoted value,
        // unquoted values may be trimmed) cannot be filtered server-side: a filtered miss there would make the caller
        // create a duplicate. List everything and match here instead.
        var query = new ConnectionQuery();
        var matches = new List<Connection>();
        await foreach (var connection in ListConnectionsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            // The service filter may be looser than exact (case, trimming); only exact names count as "the same".
            if (string.Equals(connection.Name, name, StringComparison.Ordinal))
            {
                matches.Add(connection);
            }
        }

        return matches;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Connection>>> FindConnectionsByNamesAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(names));
        }

        var distinct = names.Distinct(StringComparer.Ordinal).ToArray();
        var found = distinct.ToDictionary(n => n, _ => new List<Connection>(), StringComparer.Ordinal);
        foreach (var name in distinct.Where(n => !ConnectionNameFilter.CanShareRequest(n)))
        {
            found[name].AddRange(await FindConnectionsByNameAsync(name, cancellationToken).ConfigureAwait(false));
        }

        foreach (var chunk in InListFilter.Batches(distinct.Where(ConnectionNameFilter.CanShareRequest), ConnectionNameFilter.MaxNamesPerRequest))
        {
            // The same encoding as the single-name lookup (one property= value, percent-encoded by ConnectionListRoute).
            var query = new ConnectionQuery { Properties = [$"name=={string.Join(',', chunk)}"] };
            await foreach (var connection in ListConnectionsAsync(query, cancellationToken).ConfigureAwait(false))
            {
                // Exact names only, as in the single-name lookup: the service filter may be looser.
                if (connection.Name is { } name && found.TryGetValue(name, out var matches) && chunk.Contains(name, StringComparer.Ordinal))
                {
                    matches.Add(connection);
                }
            }
        }

        return found.ToDictionary(p => p.Key, p => (IReadOnlyList<Connection>)p.Value, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Connection> ListConnectionsAsync(ConnectionQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var operation = FlowOperation.ListConnections;
        Uri? next = Route(ConnectionListRoute.Of(query ?? new ConnectionQuery()));
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (next is not null)
        {
            if (!visited.Add(next.AbsoluteUri))
            {
                throw new FlowServiceException($"{operation.Name} failed: the service returned the same next-page link twice; paging stopped to avoid a loop.")
                {
                    Operation = operation.Name,
                };
            }

            using var response = await GetAsync(operation, next, cancellationToken).ConfigureAwait(false);
            var page = await JsonBodies.ReadAsync(operation, response, FlowServiceJsonContext.Default.ItemsPageConnection, cancellationToken).ConfigureAwait(false);
            if (page.Items is null)
            {
                throw FlowServiceErrors.Malformed(operation, response, "no items array");
            }

            foreach (var connection in page.Items)
            {
                yield return connection;
            }

            next = NextPage(operation, response, page.Links?.Next?.Href);
        }
    }

    /// <inheritdoc />
    public async Task<ConnectionRef> UpdateConnectionAsync(string id, string etag, IReadOnlyList<JsonPatchOperation> patch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(etag);
        ArgumentNullException.ThrowIfNull(patch);
        if (patch.Count == 0)
        {
            throw new ArgumentException("The patch is empty; there is nothing to update.", nameof(patch));
        }

        var operation = FlowOperation.UpdateConnection(id);
        var secrets = NewSecrets();
        foreach (var change in patch.Where(c => c.Path.StartsWith("/auth", StringComparison.Ordinal)))
        {
            RequestSecrets.AddAuthValues(secrets, change.Value);
        }

        using var message = new HttpRequestMessage(HttpMethod.Patch, Route("connections/", id))
        {
            Content = JsonBodies.Content(patch, FlowServiceJsonContext.Default.IReadOnlyListJsonPatchOperation),
        };
        // Verbatim, literal quotes included: the service compares the string as it issued it.
        message.Headers.TryAddWithoutValidation("If-Match", etag);

        using var response = await SendAsync(operation, message, secrets, cancellationToken).ConfigureAwait(false);
        await FlowResponses.ThrowIfFailedAsync(operation, response, secrets, cancellationToken).ConfigureAwait(false);
        var updated = await JsonBodies.ReadAsync(operation, response, FlowServiceJsonContext.Default.ConnectionRef, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(updated.Etag))
        {
            throw FlowServiceErrors.Malformed(operation, response, "the answer lacks the new etag");
        }

        return string.IsNullOrEmpty(updated.Id) ? updated with { Id = id } : updated;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteConnectionAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var operation = FlowOperation.DeleteConnection(id);
        // 204 per the sources docs, 202 per the destinations spec, 200 from some gateways: all mean "gone".
        using var response = await SendWithoutBodyAsync(operation, HttpMethod.Delete, Route("connections/", id), notFoundMeansAbsent: true, cancellationToken).ConfigureAwait(false);
        return response is not null;
    }

    /// <inheritdoc />
    public Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return _specs.GetAsync(id, FetchConnectionSpecAsync, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExploreItem>> ExploreRootAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionId);
        var operation = FlowOperation.ExploreRoot(connectionId);
        using var response = await GetAsync(operation, Route("connections/", connectionId, "/explore?objectType=root"), cancellationToken).ConfigureAwait(false);

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

    private async Task<ConnectionSpec?> FetchConnectionSpecAsync(string id, CancellationToken cancellationToken)
    {
        var operation = FlowOperation.GetConnectionSpec(id);
        using var response = await SendWithoutBodyAsync(operation, HttpMethod.Get, Route("connectionSpecs/", id), notFoundMeansAbsent: true, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        var page = await JsonBodies.ReadAsync(operation, response, FlowServiceJsonContext.Default.ItemsPageConnectionSpec, cancellationToken).ConfigureAwait(false);
        return page.Items is { Count: > 0 } items ? items[0] : null;
    }

    /// <summary>A GET whose every failure throws.</summary>
    private async Task<HttpResponseMessage> GetAsync(FlowOperation operation, Uri route, CancellationToken cancellationToken) =>
        await SendWithoutBodyAsync(operation, HttpMethod.Get, route, notFoundMeansAbsent: false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{operation.Name} gave no response.");

    /// <summary>
    /// A request without a body (so without secrets of its own): the successful response, or null when
    /// <paramref name="notFoundMeansAbsent"/> and the service says the resource does not exist (a 404 that means "wrong
    /// sandbox" is not that, see <see cref="FlowResponses.IsResourceNotFoundAsync"/>). Any other failure throws.
    /// </summary>
    private async Task<HttpResponseMessage?> SendWithoutBodyAsync(FlowOperation operation, HttpMethod method, Uri route, bool notFoundMeansAbsent, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, route);
        var response = await SendAsync(operation, message, NewSecrets(), cancellationToken).ConfigureAwait(false);
        try
        {
            if (notFoundMeansAbsent && await FlowResponses.IsResourceNotFoundAsync(response, cancellationToken).ConfigureAwait(false))
            {
                response.Dispose();
                return null;
            }

            await FlowResponses.ThrowIfFailedAsync(operation, response, NewSecrets(), cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private Task<HttpResponseMessage> SendAsync(FlowOperation operation, HttpRequestMessage message, SecretSet secrets, CancellationToken cancellationToken)
    {
        message.Options.Set(FlowOperation.Key, operation);
        message.Options.Set(SecretSet.Key, secrets);
        return FlowServiceTransport.SendAsync(_http, operation, message, _options.TotalRequestTimeout, cancellationToken);
    }

    private Uri? NextPage(FlowOperation operation, HttpResponseMessage response, string? href)
    {
        try
        {
            return FlowServiceEndpoints.ResolveNext(_base, href);
        }
        catch (Exception ex) when (ex is InvalidOperationException or UriFormatException)
        {
            throw FlowServiceErrors.Malformed(operation, response, $"unusable next-page link: {ex.Message}");
        }
    }

    private SecretSet NewSecrets() => RequestSecrets.Of(_options);

    private Uri Route(string path) => new(_base, path);

    private Uri Route(string prefix, string id, string suffix = "") => new(_base, prefix + Uri.EscapeDataString(id) + suffix);
}
