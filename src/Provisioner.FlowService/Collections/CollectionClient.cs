using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Provisioner.FlowService.Batching;
using Provisioner.FlowService.Json;

namespace Provisioner.FlowService.Collections;

/// <summary>
/// Create, read, find by name, list, patch and delete on one Flow Service collection whose items are
/// <typeparamref name="T"/>: <c>/connections</c> and the pipeline collections behave alike (201 <c>{id, etag}</c>,
/// <c>{items:[…]}</c> reads, <c>property=name==…</c> with continuation pages, <c>If-Match</c> on PATCH), so one
/// implementation serves them all. What differs (validating a create, which values are secret) stays with the caller.
/// </summary>
internal sealed class CollectionClient<T>
    where T : class
{
    private readonly FlowChannel _channel;
    private readonly JsonTypeInfo<ItemsPage<T>> _pageType;
    private readonly Func<T, string?> _nameOf;
    private readonly NameLookupCoalescer<T> _nameLookups;

    public CollectionClient(FlowChannel channel, FlowCollection collection, JsonTypeInfo<ItemsPage<T>> pageType, Func<T, string?> nameOf)
    {
        _channel = channel;
        Collection = collection;
        _pageType = pageType;
        _nameOf = nameOf;
        _nameLookups = new NameLookupCoalescer<T>(FindByNamesAsync);
    }

    public FlowCollection Collection { get; }

    /// <summary><c>POST /{collection}</c> → 201 <c>{id, etag}</c>. Never retried by the pipeline (a POST may commit
    /// without its answer arriving; the exception then says so).</summary>
    public async Task<ConnectionRef> CreateAsync(HttpContent body, SecretSet secrets, CancellationToken cancellationToken)
    {
        var operation = FlowOperation.Create(Collection);
        using var message = new HttpRequestMessage(HttpMethod.Post, _channel.Route(Collection.Path)) { Content = body };
        using var response = await _channel.SendOrThrowAsync(operation, message, secrets, cancellationToken).ConfigureAwait(false);
        var created = await ReadRefAsync(operation, response, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(created.Id) || string.IsNullOrEmpty(created.Etag))
        {
            throw FlowServiceErrors.Malformed(operation, response, $"the answer lacks the new {Collection.Noun}'s id or etag");
        }

        return created;
    }

    /// <summary><c>GET /{collection}/{id}</c> → <c>items[0]</c>, or null on 404.</summary>
    public async Task<T?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var operation = FlowOperation.Get(Collection, id);
        using var response = await _channel.SendWithoutBodyAsync(operation, HttpMethod.Get, ItemRoute(id), notFoundMeansAbsent: true, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        var page = await JsonBodies.ReadAsync(operation, response, _pageType, cancellationToken).ConfigureAwait(false);
        return page.Items is null
            ? throw FlowServiceErrors.Malformed(operation, response, "no items array")
            : page.Items.Count > 0 ? page.Items[0] : null;
    }

    /// <summary>Exact-name matches, following every page. Concurrent callers share list requests; a name the service
    /// filter would read differently is matched here over the whole list instead.</summary>
    public async Task<IReadOnlyList<T>> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (ConnectionNameFilter.CanShareRequest(name))
        {
            // Concurrent callers (e.g. the engine's parallel Creates) share list requests; a settling lookup goes alone,
            // straight out (the batch path below sends a shareable name's own filtered request).
            return SettlingCalls.Active
                ? (await FindByNamesAsync([name], cancellationToken).ConfigureAwait(false))[name]
                : await _nameLookups.FindAsync(name, cancellationToken).ConfigureAwait(false);
        }

        // A name the service filter would read differently (a comma means "any of", a quote starts a quoted value,
        // unquoted values may be trimmed) cannot be filtered server-side: a filtered miss there would make the caller
        // create a duplicate. List everything and match here instead.
        var matches = new List<T>();
        await foreach (var item in ListAsync(new ConnectionQuery(), cancellationToken).ConfigureAwait(false))
        {
            // The service filter may be looser than exact (case, trimming); only exact names count as "the same".
            if (string.Equals(_nameOf(item), name, StringComparison.Ordinal))
            {
                matches.Add(item);
            }
        }

        return matches;
    }

    /// <summary>Many names at once with <c>property=name==a,b,c</c>; every distinct name is a key of the result.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<T>>> FindByNamesAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(names));
        }

        var distinct = names.Distinct(StringComparer.Ordinal).ToArray();
        var found = distinct.ToDictionary(n => n, _ => new List<T>(), StringComparer.Ordinal);
        foreach (var name in distinct.Where(n => !ConnectionNameFilter.CanShareRequest(n)))
        {
            found[name].AddRange(await FindByNameAsync(name, cancellationToken).ConfigureAwait(false));
        }

        foreach (var chunk in InListFilter.Batches(distinct.Where(ConnectionNameFilter.CanShareRequest), ConnectionNameFilter.MaxNamesPerRequest))
        {
            // The same encoding as the single-name lookup (one property= value, percent-encoded by ListRoute).
            var query = new ConnectionQuery { Properties = [$"name=={string.Join(',', chunk)}"] };
            await foreach (var item in ListAsync(query, cancellationToken).ConfigureAwait(false))
            {
                // Exact names only, as in the single-name lookup: the service filter may be looser.
                if (_nameOf(item) is { } name && found.TryGetValue(name, out var matches) && chunk.Contains(name, StringComparer.Ordinal))
                {
                    matches.Add(item);
                }
            }
        }

        return found.ToDictionary(p => p.Key, p => (IReadOnlyList<T>)p.Value, StringComparer.Ordinal);
    }

    /// <summary><c>GET /{collection}</c> with filters, streaming every continuation page.</summary>
    public async IAsyncEnumerable<T> ListAsync(ConnectionQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var operation = FlowOperation.List(Collection);
        Uri? next = _channel.Route(ListRoute.Of(Collection, query));
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

            using var response = await _channel.GetAsync(operation, next, cancellationToken).ConfigureAwait(false);
            var page = await JsonBodies.ReadAsync(operation, response, _pageType, cancellationToken).ConfigureAwait(false);
            if (page.Items is null)
            {
                throw FlowServiceErrors.Malformed(operation, response, "no items array");
            }

            foreach (var item in page.Items)
            {
                yield return item;
            }

            next = _channel.NextPage(operation, response, page.Links?.Next?.Href, Collection);
        }
    }

    /// <summary><c>PATCH /{collection}/{id}</c> with a JSON Patch array and <c>If-Match</c>, sent verbatim.</summary>
    public async Task<ConnectionRef> UpdateAsync(string id, string etag, IReadOnlyList<JsonPatchOperation> patch, SecretSet secrets, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(etag);
        ArgumentNullException.ThrowIfNull(patch);
        if (patch.Count == 0)
        {
            throw new ArgumentException("The patch is empty; there is nothing to update.", nameof(patch));
        }

        var operation = FlowOperation.Update(Collection, id);
        using var message = new HttpRequestMessage(HttpMethod.Patch, ItemRoute(id))
        {
            Content = JsonBodies.Content(patch, FlowServiceJsonContext.Default.IReadOnlyListJsonPatchOperation),
        };
        // Verbatim, literal quotes included: the service compares the string as it issued it.
        message.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await _channel.SendOrThrowAsync(operation, message, secrets, cancellationToken).ConfigureAwait(false);
        return await ReadNewEtagAsync(operation, response, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>DELETE /{collection}/{id}</c>: false when it was already gone (404).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        // 204 per the sources docs, 202 per the destinations spec, 200 from some gateways: all mean "gone".
        using var response = await _channel.SendWithoutBodyAsync(FlowOperation.Delete(Collection, id), HttpMethod.Delete, ItemRoute(id), notFoundMeansAbsent: true, cancellationToken).ConfigureAwait(false);
        return response is not null;
    }

    /// <summary><c>POST /{collection}/{id}/action?…</c> (e.g. <c>op=enable</c> on a flow) with an optional
    /// <c>If-Match</c>: the new etag.</summary>
    public async Task<ConnectionRef> ActAsync(string id, string query, string? etag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var operation = FlowOperation.Action(Collection, id);
        using var message = new HttpRequestMessage(HttpMethod.Post, ItemRoute(id, "/action?" + query));
        if (!string.IsNullOrEmpty(etag))
        {
            message.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        using var response = await _channel.SendOrThrowAsync(operation, message, _channel.NewSecrets(), cancellationToken).ConfigureAwait(false);
        return await ReadNewEtagAsync(operation, response, id, cancellationToken).ConfigureAwait(false);
    }

    private Uri ItemRoute(string id, string suffix = "") => _channel.Route(Collection.Path + "/", id, suffix);

    /// <summary>The answer of a PATCH or action: the new etag (the id is the one asked for when the answer omits it).</summary>
    private static async Task<ConnectionRef> ReadNewEtagAsync(FlowOperation operation, HttpResponseMessage response, string id, CancellationToken cancellationToken)
    {
        var updated = await ReadRefAsync(operation, response, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(updated.Etag))
        {
            throw FlowServiceErrors.Malformed(operation, response, "the answer lacks the new etag");
        }

        return string.IsNullOrEmpty(updated.Id) ? updated with { Id = id } : updated;
    }

    /// <summary>
    /// <c>{id, etag}</c>, as create answers and Adobe's tutorials show for every PATCH. The OAS documents the PATCH of a
    /// source or target connection as the list shape (<c>SourceConnectionsListResponse</c>) instead, so
    /// <c>{items:[{id, etag, …}]}</c> is read too. Either side of Adobe's docs works against this client.
    /// </summary>
    private static async Task<ConnectionRef> ReadRefAsync(FlowOperation operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var root = await JsonBodies.ReadAsync(operation, response, FlowServiceJsonContext.Default.JsonNode, cancellationToken).ConfigureAwait(false);
        var item = root is JsonObject { } wrapper && wrapper["items"] is JsonArray { Count: > 0 } items ? items[0] : root;
        return item is JsonObject answer
            ? new ConnectionRef(Text(answer, "id") ?? "", Text(answer, "etag") ?? "")
            : throw FlowServiceErrors.Malformed(operation, response, "not a JSON object with id and etag");
    }

    private static string? Text(JsonObject item, string field) =>
        item[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
