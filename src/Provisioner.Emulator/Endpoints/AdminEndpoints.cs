using Provisioner.Emulator.Connections;
using Provisioner.Emulator.Ims;
using Provisioner.Emulator.Resources;

namespace Provisioner.Emulator.Endpoints;

/// <summary>
/// <c>/_emulator/…</c>: control and inspection for tests running in another process (the in-process
/// <see cref="EmulatorHost"/> exposes the same through its members). Not Adobe API; no auth (loopback only).
/// </summary>
internal static class AdminEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(EmulatorPaths.Admin);

        admin.MapGet("/journal", (RequestJournal journal) => Results.Json(new { entries = journal.Entries }, Json));
        admin.MapDelete("/journal", (RequestJournal journal) =>
        {
            journal.Clear();
            return Results.NoContent();
        });

        admin.MapGet("/faults", (FaultInjector faults) => Results.Json(new
        {
            enabled = faults.Enabled,
            injected = faults.InjectedCount,
            rules = faults.Rules.Select(r => new { id = r.Id, fired = r.Fired, rule = FaultRuleJson.ToJson(r.Rule) }),
        }, Json));
        admin.MapPost("/faults", async (HttpContext context, FaultInjector faults) =>
        {
            var (request, error) = await FaultRuleJson.ReadAsync(context.Request, context.RequestAborted);
            if (error is not null) return Results.Json(new { error }, Json, statusCode: 400);
            if (request!.Seed is { } seed) faults.Seed(seed);
            var ids = new List<string>();
            foreach (var rule in request.Rules)
            {
                try
                {
                    ids.Add(faults.Add(rule));
                }
                catch (ArgumentException ex)
                {
                    ids.ForEach(id => faults.Remove(id));
                    return Results.Json(new { error = ex.Message }, Json, statusCode: 400);
                }
            }

            return Results.Json(new { ids }, Json, statusCode: 201);
        });
        admin.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        admin.MapDelete("/faults/{id}", (string id, FaultInjector faults) => faults.Remove(id) ? Results.NoContent() : Results.NotFound());

        // Secrets are masked here too: test logs may capture this output.
        admin.MapGet("/connections", (ConnectionStore store, ConnectionSpecCatalog catalog) => Results.Json(new JsonObject
        {
            ["items"] = new JsonArray(store.Current.Connections.Values.OrderBy(c => c.Sequence)
                .Select(c => (JsonNode)ConnectionView.ToJson(c, catalog)).ToArray()),
        }));

        // Make a connection's credentials fail GET /connections/{id}/test (the emulator cannot reach the real system).
        admin.MapPost("/connections/{id}/credentials/reject", (string id, ConnectionStore store, ConnectionTestVerdicts verdicts) =>
        {
            if (!store.Current.Connections.ContainsKey(id)) return Results.Json(new { error = $"no connection with id '{id}'" }, Json, statusCode: 404);
            verdicts.Reject(id);
            return Results.NoContent();
        });
        admin.MapDelete("/connections/{id}/credentials/reject", (string id, ConnectionTestVerdicts verdicts) =>
        {
            verdicts.Accept(id);
            return Results.NoContent();
        });

        // Source connections, target connections, flows and runs hold no secrets: shown as GET shows them.
        admin.MapGet("/resources", (ConnectionStore store) => Results.Json(new JsonObject
        {
            ["items"] = new JsonArray(store.Current.Resources.Values.OrderBy(r => r.Sequence)
                .Select(r =>
                {
                    var item = ResourceJson.Render(r);
                    item["kind"] = r.Kind;
                    return (JsonNode)item;
                }).ToArray()),
        }));

        // Add a run to a flow, as if its schedule had fired: {"status":"success"|"failed"} (default success).
        admin.MapPost("/flows/{id}/runs", async (HttpContext context, string id, ConnectionStore store, EmulatorOptions options) =>
        {
            var status = FlowRuns.Success;
            if (context.Request.ContentLength is > 0)
            {
                var (body, error) = await Gateway.JsonBody.ReadAsync(context.Request, context.RequestAborted);
                status = (body as JsonObject)?["status"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
                if (error is not null || status is not (FlowRuns.Success or FlowRuns.Failed))
                {
                    return Results.Json(new { error = "the body must be {\"status\": \"success\"} or {\"status\": \"failed\"}" }, Json, statusCode: 400);
                }
            }

            var run = await FlowRuns.AddAsync(store, id, status, options.TimeProvider);
            return run is null
                ? Results.Json(new { error = $"no flow with id '{id}'" }, Json, statusCode: 404)
                : Results.Json(new JsonObject { ["id"] = run.Id, ["flowId"] = id, ["status"] = status }, statusCode: 201);
        });

        admin.MapPost("/tokens/revoke", (TokenIssuer tokens) =>
        {
            tokens.RevokeAll();
            return Results.NoContent();
        });

        admin.MapPost("/reset", async (ConnectionStore store, RequestJournal journal, FaultInjector faults, ConnectionTestVerdicts verdicts) =>
        {
            await EmulatorState.ResetAsync(store, journal, faults, verdicts);
            return Results.NoContent();
        });
    }
}

/// <summary>Shared by the admin endpoint and <see cref="EmulatorHost.ResetAsync"/>.</summary>
internal static class EmulatorState
{
    /// <summary>Deletes every connection, source and target connection, flow and run (persisted), clears the journal, switches faults off and accepts every
    /// connection's credentials again. Tokens stay valid.</summary>
    public static async Task ResetAsync(ConnectionStore store, RequestJournal journal, FaultInjector faults, ConnectionTestVerdicts verdicts)
    {
        faults.Clear();
        verdicts.Clear();
        await store.WriteAsync(state => (state.Cleared(), true));
        journal.Clear();
    }
}
