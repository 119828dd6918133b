using Provisioner.Emulator.Connections;
using Provisioner.Emulator.Gateway;
using Provisioner.Emulator.Listing;

namespace Provisioner.Emulator.Endpoints;

/// <summary><c>/connectionSpecs</c> served from the catalog (reference §1.8).</summary>
internal static class ConnectionSpecEndpoints
{
    private static readonly Dictionary<string, Func<CatalogSource, string>> FilterFields = new(StringComparer.Ordinal)
    {
        ["id"] = s => s.Id,
        ["name"] = s => s.Name,
        ["providerId"] = s => s.ProviderId,
        ["version"] = s => s.Version,
    };

    public static void MapConnectionSpecs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(EmulatorPaths.ConnectionSpecs);
        group.MapGet("", (HttpContext context, ConnectionSpecCatalog catalog) =>
            CatalogList.Respond(context, catalog.Sources, FilterFields, s => s.ToServiceJson()));
        group.MapGet("/{id}", (HttpContext context, string id, ConnectionSpecCatalog catalog) =>
            catalog.FindById(id) is { } source
                ? Results.Json(new JsonObject { ["items"] = new JsonArray(source.ToServiceJson()) })
                : ErrorBodies.NotFound(context, "connectionSpecs", id));
    }
}
