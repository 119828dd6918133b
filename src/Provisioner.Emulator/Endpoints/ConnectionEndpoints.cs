using Provisioner.Emulator.Connections;

namespace Provisioner.Emulator.Endpoints;

/// <summary><c>/connections</c>: create, read, list, patch, delete (reference §1.2–1.7, checklist §7).</summary>
internal static class ConnectionEndpoints
{
    public static void MapConnections(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(EmulatorPaths.Connections);
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{id}", Get);
        // Routing matches "/{id}" and "/{id}/" alike: the OAS declares PATCH/DELETE with the trailing slash, the tutorials without.
        group.MapPatch("/{id}", Patch);
        group.MapDelete("/{id}", Delete);
    }

    private static async Task<IResult> Create(HttpContext context, ConnectionStore store, ConnectionSpecCatalog catalog, EmulatorOptions options)
    {
        var caller = FlowCaller.Of(context);
        var (body, readError) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (readError is not null) return readError.ToResult(context);
        var (request, error) = CreateConnectionParser.Parse(body!, catalog);
        if (error is not null) return error.ToResult(context);

        var now = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        // CancellationToken.None: once validated, the write goes through even if the client has gone away,
        // as on the real service — that is exactly the "may have committed" case clients must handle.
        var created = await store.WriteAsync(state =>
        {
            var connection = new StoredConnection
            {
                Id = Guid.NewGuid().ToString(),
                Sequence = state.NextSequence,
                ImsOrgId = caller.OrgId,
                SandboxName = caller.SandboxName,
                SandboxId = caller.SandboxId,
                Name = request!.Name,
                Description = request.Description,
                SpecId = request.Spec.Id,
                SpecVersion = request.Spec.Version,
                AuthSpecName = request.AuthSpec?.Name,
                AuthParams = request.Params,
                Etag = StoredConnection.NewEtag(),
                CreatedAt = now,
                UpdatedAt = now,
                CreatedBy = caller.Principal.UserId,
                CreatedClient = caller.Principal.ClientId,
                UpdatedBy = caller.Principal.UserId,
                UpdatedClient = caller.Principal.ClientId,
            };
            return (state with { Connections = state.Connections.Add(connection.Id, connection), NextSequence = state.NextSequence + 1 }, connection);
        }, CancellationToken.None);

        return Results.Json(new JsonObject { ["id"] = created.Id, ["etag"] = created.Etag }, statusCode: 201)
            .WithLocation($"{EmulatorPaths.Connections}/{created.Id}");
    }

    private static IResult Get(HttpContext context, string id, ConnectionStore store, ConnectionSpecCatalog catalog)
    {
        var connection = Find(store.Current, FlowCaller.Of(context), id);
        return connection is null
            ? ErrorBodies.NotFound(context, "connections", id)
            : Results.Json(new JsonObject { ["items"] = new JsonArray(ConnectionView.ToJson(connection, catalog)) });
    }

    private static IResult List(HttpContext context, ConnectionStore store, ConnectionSpecCatalog catalog)
    {
        var (query, error) = ConnectionListQuery.FromRequest(context.Request.Query);
        if (error is not null) return error.ToResult(context);
        var scoped = InScope(store.Current, FlowCaller.Of(context));
        if (query!.Count) return Results.Json(new JsonObject { ["count"] = query.Apply(scoped).Count() });

        var (page, next) = query.Page(scoped);
        var response = new JsonObject { ["items"] = new JsonArray(page.Select(c => (JsonNode)ConnectionView.ToJson(c, catalog)).ToArray()) };
        if (next is not null)
        {
            // Relative to the Flow Service base, as the service returns it (reference §1.5).
            response["_links"] = new JsonObject { ["next"] = new JsonObject { ["href"] = $"/connections?continuationToken={next}" } };
        }

        return Results.Json(response);
    }

    private static async Task<IResult> Patch(HttpContext context, string id, ConnectionStore store, ConnectionSpecCatalog catalog, EmulatorOptions options)
    {
        var caller = FlowCaller.Of(context);
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0) return ErrorBodies.BadRequest(context, 1403, "The header 'If-Match' is missing in the request.");
        if (Find(store.Current, caller, id) is null) return ErrorBodies.NotFound(context, "connections", id);
        var (body, readError) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (readError is not null) return readError.ToResult(context);

        var now = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        // Etag check and patch happen inside the write lock so two concurrent PATCHes with the same etag cannot both win.
        var outcome = await store.WriteAsync<(StoredConnection? Updated, IResult? Error)>(state =>
        {
            var current = Find(state, caller, id);
            if (current is null) return (state, (null, ErrorBodies.NotFound(context, "connections", id)));
            // The If-Match value must be the etag exactly, literal quotes included; unquoted or stale → 412 (destinations spec).
            if (!string.Equals(ifMatch, current.Etag, StringComparison.Ordinal))
            {
                var hint = ifMatch.StartsWith('"') ? "" : " The If-Match value must be wrapped in double quotes, exactly as the etag was returned.";
                return (state, (null, ErrorBodies.Flow(context, 1404, 412, "Precondition Failed",
                    $"Version not matching: The supplied version=[{ifMatch}] does not match the current version on entity=[{current.Etag}].{hint}")));
            }

            var (patched, error) = ConnectionPatch.Apply(current, body!, catalog);
            if (error is not null) return (state, (null, error.ToResult(context)));
            var updated = patched! with
            {
                Etag = StoredConnection.NewEtag(),
                UpdatedAt = Math.Max(now, current.UpdatedAt + 1),
                UpdatedBy = caller.Principal.UserId,
                UpdatedClient = caller.Principal.ClientId,
            };
            return (state with { Connections = state.Connections.SetItem(id, updated) }, (updated, null));
        }, CancellationToken.None);

        return outcome.Error ?? Results.Json(new JsonObject { ["id"] = outcome.Updated!.Id, ["etag"] = outcome.Updated.Etag });
    }

    private static async Task<IResult> Delete(HttpContext context, string id, ConnectionStore store)
    {
        var caller = FlowCaller.Of(context);
        var deleted = await store.WriteAsync(state =>
            Find(state, caller, id) is null
                ? (state, false)
                : (state with { Connections = state.Connections.Remove(id) }, true), CancellationToken.None);
        return deleted ? Results.NoContent() : ErrorBodies.NotFound(context, "connections", id);
    }

    /// <summary>A connection is visible only in the org and sandbox it was created in.</summary>
    private static StoredConnection? Find(StoreState state, FlowCaller caller, string id) =>
        state.Connections.TryGetValue(id, out var c) && c.ImsOrgId == caller.OrgId && c.SandboxName == caller.SandboxName ? c : null;

    private static IEnumerable<StoredConnection> InScope(StoreState state, FlowCaller caller) =>
        state.Connections.Values.Where(c => c.ImsOrgId == caller.OrgId && c.SandboxName == caller.SandboxName);

    internal static StoredConnection? FindForCaller(StoreState state, FlowCaller caller, string id) => Find(state, caller, id);
}

internal static class ResultExtensions
{
    /// <summary>Adds a <c>Location</c> header to a result.</summary>
    public static IResult WithLocation(this IResult result, string location) => new LocatedResult(result, location);

    private sealed class LocatedResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
