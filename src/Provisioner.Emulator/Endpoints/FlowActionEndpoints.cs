using Provisioner.Emulator.Resources;

namespace Provisioner.Emulator.Endpoints;

/// <summary>
/// <c>POST /flows/{id}/action?op=enable|disable</c> (OAS <c>postStateTransition</c>): enables or disables a flow; 200
/// <c>{id, etag}</c> (<c>CreateFlowResponse</c>) and the new state on GET. The OAS spells the ops ENABLE/DISABLE,
/// Adobe's tutorials enable/disable: any case is accepted. <c>If-Match</c> is optional (OAS); when sent it must be
/// the current etag (1404-412). Documented codes: an op the service keeps for providers (FINALIZE, FINALIZE_UPDATE)
/// 1402-400, any other op 1434-400, the PROGRESS sub-operation 1436-400, an action the current state does not allow
/// (enabling an enabled flow, disabling a disabled one) 1422-400. Enabling starts a run (<see cref="FlowRuns"/>).
/// </summary>
internal static class FlowActionEndpoints
{
    public static void MapFlowActions(this IEndpointRouteBuilder app) =>
        app.MapPost(EmulatorPaths.Flows + "/{id}/action", async (HttpContext context, string id, ConnectionStore store, EmulatorOptions options) =>
        {
            var caller = FlowCaller.Of(context);
            var op = context.Request.Query["op"].ToString();
            var action = op.ToUpperInvariant();
            if (action is "FINALIZE" or "FINALIZE_UPDATE") return ErrorBodies.BadRequest(context, 1402, $"The action '{op}' is supported for provider requests only.");
            if (action is not ("ENABLE" or "DISABLE"))
            {
                return ErrorBodies.BadRequest(context, 1434, op.Length == 0
                    ? "The query parameter 'op' is missing. Use op=enable or op=disable."
                    : $"Unsupported operation '{op}' received. Use op=enable or op=disable.");
            }

            // The catalogue documents PROGRESS as refused for enable; what the other sub-operations do to a source flow is not documented.
            if (context.Request.Query["subOp"].FirstOrDefault(s => string.Equals(s, "PROGRESS", StringComparison.OrdinalIgnoreCase)) is { } subOp)
            {
                return ErrorBodies.BadRequest(context, 1436, $"Unsupported sub operation {subOp} received for operation {op.ToLowerInvariant()}.");
            }

            var ifMatch = context.Request.Headers.IfMatch.ToString();
            var now = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            return await store.WriteAsync(state =>
            {
                var current = ResourceScope.Find(state, caller, FlowKind.KindName, id);
                if (current is null) return (state, ErrorBodies.ResourceNotFound(context, FlowKind.KindName, id));
                if (ifMatch.Length > 0 && !string.Equals(ifMatch, current.Etag, StringComparison.Ordinal))
                {
                    return (state, FlowError.VersionMismatch(ifMatch, current.Etag).ToResult(context));
                }

                var target = action == "ENABLE" ? "enabled" : "disabled";
                if (current.State == target)
                {
                    return (state, ErrorBodies.BadRequest(context, 1422, $"The action {op.ToLowerInvariant()} cannot be applied on the current state {current.State}."));
                }

                var updated = (current with { State = target }).Touched(caller, now);
                var next = state with { Resources = state.Resources.SetItem(id, updated) };
                if (target == "enabled") next = FlowRuns.Add(next, updated, FlowRuns.Success, now).State;
                return (next, Results.Json(new JsonObject { ["id"] = updated.Id, ["etag"] = updated.Etag }));
            }, CancellationToken.None);
        });
}
