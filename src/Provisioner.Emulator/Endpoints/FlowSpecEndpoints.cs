using System.Text.Json.Nodes;
using Provisioner.Emulator.Catalog;
using Provisioner.Emulator.Gateway;
using Provisioner.Emulator.Listing;

namespace Provisioner.Emulator.Endpoints;

/// <summary><c>/flowSpecs</c> served from the flow-spec catalog (OAS <c>listFlowSpecs</c>, <c>retrieveFlowSpec</c>:
/// <c>FlowSpecResponse</c>, <c>{items:[…]}</c> for both). Adobe's tutorials look flow specs up with
/// <c>property=name=="CloudStorageToAEP"</c>.</summary>
internal static class FlowSpecEndpoints
{
    private static readonly Dictionary<string, Func<CatalogFlowSpec, string>> FilterFields = new(StringComparer.Ordinal)
    {
        ["id"] = f => f.Id,
        ["name"] = f => f.Name,
        ["providerId"] = f => f.ProviderId,
        ["version"] = f => f.Version,
    };

    public static void MapFlowSpecs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(EmulatorPaths.FlowSpecs);
        group.MapGet("", (HttpContext context, FlowSpecCatalog catalog) =>
            CatalogList.Respond(context, catalog.FlowSpecs, FilterFields, f => f.ToServiceJson()));
        group.MapGet("/{id}", (HttpContext context, string id, FlowSpecCatalog catalog) =>
            catalog.FindFlowSpec(id) is { } flowSpec
                ? Results.Json(new JsonObject { ["items"] = new JsonArray(flowSpec.ToServiceJson()) })
                : ErrorBodies.NotFound(context, "flowSpecs", id));
    }
}
