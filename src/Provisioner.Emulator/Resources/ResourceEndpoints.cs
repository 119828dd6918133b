using Provisioner.Emulator.Endpoints;

namespace Provisioner.Emulator.Resources;

/// <summary>
/// <c>/sourceConnections</c>, <c>/targetConnections</c>, <c>/flows</c> (create, list, read, patch, delete) and
/// <c>/runs</c> (list, read): one implementation for every kind, with the behaviour of <c>/connections</c> —
/// 201 <c>{id, etag}</c> plus Location, <c>{items:[…]}</c> reads, <c>property=</c>/<c>orderby</c>/<c>limit</c>/
/// <c>continuationToken</c>/<c>count</c>, If-Match (1403 missing, 1404-412 stale), org + sandbox isolation, writes
/// persisted before the answer.
/// </summary>
internal static class ResourceEndpoints
{
    public static void MapResources(this IEndpointRouteBuilder app, ResourceKind kind, bool writable)
    {
        var group = app.MapGroup(kind.Path);
        group.MapGet("", (HttpContext context, ConnectionStore store) =>
        {
            var caller = FlowCaller.Of(context);
            var state = store.Current;
            return kind.ListFields.Respond(context, ResourceScope.InScope(state, caller.OrgId, caller.SandboxName, kind.Name), r => kind.Render(r, state));
        });
        group.MapGet("/{id}", (HttpContext context, string id, ConnectionStore store) =>
        {
            var state = store.Current;
            return ResourceScope.Find(state, FlowCaller.Of(context), kind.Name, id) is { } found
                ? Results.Json(new JsonObject { ["items"] = new JsonArray(kind.Render(found, state)) })
                : ErrorBodies.ResourceNotFound(context, kind.Name, id);
        });
        if (!writable) return;

        group.MapPost("", (HttpContext context, ConnectionStore store, ConnectionSpecCatalog specs, FlowSpecCatalog flowSpecs, EmulatorOptions options) =>
            CreateAsync(kind, context, store, specs, flowSpecs, options));
        // Routing matches "/{id}" and "/{id}/" alike, as for connections.
        group.MapPatch("/{id}", (HttpContext context, string id, ConnectionStore store, ConnectionSpecCatalog specs, FlowSpecCatalog flowSpecs, EmulatorOptions options) =>
            PatchAsync(kind, context, id, store, specs, flowSpecs, options));
        group.MapDelete("/{id}", (HttpContext context, string id, ConnectionStore store) => DeleteAsync(kind, context, id, store));
    }

    private static async Task<IResult> CreateAsync(ResourceKind kind, HttpContext context, ConnectionStore store,
        ConnectionSpecCatalog specs, FlowSpecCatalog flowSpecs, EmulatorOptions options)
    {
        var caller = FlowCaller.Of(context);
        var (body, readError) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (readError is not null) return readError.ToResult(context);
        if (body is not JsonObject request) return ErrorBodies.BadRequest(context, 1405, "The request body must be a JSON object.");

        var now = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        // Validated inside the write lock, so a referenced connection cannot vanish between the check and the write.
        // CancellationToken.None: once validated, the write goes through even if the client has gone away, as for connections.
        var (created, error) = await store.WriteAsync<(StoredResource?, FlowError?)>(state =>
        {
            var write = new ResourceContext(state, caller, specs, flowSpecs, now);
            var (document, invalid) = kind.Validate(request, write, creating: true);
            if (invalid is not null) return (state, (null, invalid));
            var resource = ResourceJson.New(kind.Name, state.NextSequence, caller, document!, now);
            var next = state with { Resources = state.Resources.Add(resource.Id, resource), NextSequence = state.NextSequence + 1 };
            return (kind.AfterCreate(next, resource, write), (resource, null));
        }, CancellationToken.None);

        return error is not null
            ? error.ToResult(context)
            : Results.Json(new JsonObject { ["id"] = created!.Id, ["etag"] = created.Etag }, statusCode: 201).WithLocation($"{kind.Path}/{created.Id}");
    }

    private static async Task<IResult> PatchAsync(ResourceKind kind, HttpContext context, string id, ConnectionStore store,
        ConnectionSpecCatalog specs, FlowSpecCatalog flowSpecs, EmulatorOptions options)
    {
        var caller = FlowCaller.Of(context);
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0) return ErrorBodies.BadRequest(context, 1403, "The header 'If-Match' is missing in the request.");
        if (ResourceScope.Find(store.Current, caller, kind.Name, id) is null) return ErrorBodies.ResourceNotFound(context, kind.Name, id);
        var (body, readError) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (readError is not null) return readError.ToResult(context);
        var (instructions, patchError) = PatchInstruction.ReadAll(body!);
        if (patchError is not null) return patchError.ToResult(context);

        var now = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return await store.WriteAsync(state =>
        {
            var current = ResourceScope.Find(state, caller, kind.Name, id);
            if (current is null) return (state, ErrorBodies.ResourceNotFound(context, kind.Name, id));
            // Checked inside the write lock, so two PATCHes with the same etag cannot both win.
            if (!string.Equals(ifMatch, current.Etag, StringComparison.Ordinal)) return (state, FlowError.VersionMismatch(ifMatch, current.Etag).ToResult(context));
            var (patched, invalid) = DocumentPatch.Apply(ResourceJson.Document(current), instructions!, kind);
            if (invalid is not null) return (state, invalid.ToResult(context));
            var (document, rejected) = kind.Validate(patched!, new ResourceContext(state, caller, specs, flowSpecs, now), creating: false);
            if (rejected is not null) return (state, rejected.ToResult(context));
            var updated = (current with { Document = ResourceJson.ToElement(document!) }).Touched(caller, now);
            return (state with { Resources = state.Resources.SetItem(id, updated) },
                Results.Json(new JsonObject { ["id"] = updated.Id, ["etag"] = updated.Etag }));
        }, CancellationToken.None);
    }

    private static async Task<IResult> DeleteAsync(ResourceKind kind, HttpContext context, string id, ConnectionStore store)
    {
        var caller = FlowCaller.Of(context);
        return await store.WriteAsync(state =>
        {
            var current = ResourceScope.Find(state, caller, kind.Name, id);
            if (current is null) return (state, ErrorBodies.ResourceNotFound(context, kind.Name, id));
            if (kind.RefuseDelete(current, state) is { } refused) return (state, refused.ToResult(context));
            return (kind.AfterDelete(state with { Resources = state.Resources.Remove(id) }, current), Results.NoContent());
        }, CancellationToken.None);
    }
}
