using Provisioner.Emulator.Connections;
using Provisioner.Emulator.Listing;
using Provisioner.Emulator.Resources;

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
            var connection = new StoredConnection(state.NextSequence, caller, now, request!);
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

    private static IResult List(HttpContext context, ConnectionStore store, ConnectionSpecCatalog catalog) =>
        ListFields.Respond(context, InScope(store.Current, FlowCaller.Of(context)), c => ConnectionView.ToJson(c, catalog));

    /// <summary>What <c>GET /connections</c> filters and sorts on (reference §1.5).</summary>
    private static readonly ListFields<StoredConnection> ListFields = new(
        new Dictionary<string, ListField<StoredConnection>>(StringComparer.Ordinal)
        {
            ["id"] = ListField<StoredConnection>.Text(c => c.Id),
            ["name"] = ListField<StoredConnection>.Text(c => c.Name),
            ["description"] = ListField<StoredConnection>.Text(c => c.Description),
            ["state"] = ListField<StoredConnection>.Text(c => c.State),
            ["connectionSpec.id"] = ListField<StoredConnection>.Text(c => c.SpecId),
            ["connectionSpec.version"] = ListField<StoredConnection>.Text(c => c.SpecVersion),
            ["auth.specName"] = ListField<StoredConnection>.Text(c => c.AuthSpecName ?? ""),
            ["createdAt"] = ListField<StoredConnection>.EpochMillis(c => c.CreatedAt),
            ["updatedAt"] = ListField<StoredConnection>.EpochMillis(c => c.UpdatedAt),
        },
        ["id", "name", "description", "state", "createdAt", "updatedAt"],
        c => c.Sequence,
        "/connections");

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
                return (state, (null, FlowError.VersionMismatch(ifMatch, current.Etag).ToResult(context)));
            }

            var (patched, error) = ConnectionPatch.Apply(current, body!, catalog);
            if (error is not null) return (state, (null, error.ToResult(context)));
            var updated = patched!.Touched(caller, now);
            return (state with { Connections = state.Connections.SetItem(id, updated) }, (updated, null));
        }, CancellationToken.None);

        return outcome.Error ?? Results.Json(new JsonObject { ["id"] = outcome.Updated!.Id, ["etag"] = outcome.Updated.Etag });
    }

    private static async Task<IResult> Delete(HttpContext context, string id, ConnectionStore store)
    {
        var caller = FlowCaller.Of(context);
        return await store.WriteAsync(state =>
        {
            var current = Find(state, caller, id);
            if (current is null) return (state, ErrorBodies.NotFound(context, "connections", id));
            // Documented FLOW-1418-400: a base connection a flow reads through stays until those flows are deleted.
            if (FlowKind.UsesBaseConnection(state, current))
            {
                return (state, ErrorBodies.BadRequest(context, 1418, $"The base connection with the ID {id} cannot be deleted because the base connection " +
                    "is being used in one or more flows. Please ensure that corresponding flows are deleted before deleting a base connection."));
            }

            return (state with { Connections = state.Connections.Remove(id) }, Results.NoContent());
        }, CancellationToken.None);
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
