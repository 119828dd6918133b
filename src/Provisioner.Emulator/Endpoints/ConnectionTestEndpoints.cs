using Provisioner.Emulator.Connections;

namespace Provisioner.Emulator.Endpoints;

/// <summary>
/// <c>GET /connections/{id}/test</c> (OAS <c>testConnection</c>): 200 <c>{"result": true|false}</c>
/// (<c>TestConnectionResponse</c>). Rejected credentials are a successful call with <c>result: false</c>, as the OAS
/// describes ("returns false if the queried base connection is invalid"); an unknown id is the usual 404 FLOW-1101.
/// </summary>
internal static class ConnectionTestEndpoints
{
    public static void MapConnectionTest(this IEndpointRouteBuilder app) =>
        app.MapGet(EmulatorPaths.Connections + "/{id}/test", (HttpContext context, string id, ConnectionStore store, ConnectionTestVerdicts verdicts) =>
        {
            var connection = ConnectionEndpoints.FindForCaller(store.Current, FlowCaller.Of(context), id);
            return connection is null
                ? ErrorBodies.NotFound(context, "connections", id)
                : Results.Json(new JsonObject { ["result"] = verdicts.Passes(connection.Id) });
        });
}
