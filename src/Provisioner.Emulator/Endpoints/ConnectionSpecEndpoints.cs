using Provisioner.Emulator.Connections;

namespace Provisioner.Emulator.Endpoints;

/// <summary><c>/connectionSpecs</c> served from the catalog (reference §1.8).</summary>
internal static class ConnectionSpecEndpoints
{
    private static readonly string[] FilterFields = ["id", "name", "providerId", "version"];

    public static void MapConnectionSpecs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(EmulatorPaths.ConnectionSpecs);
        group.MapGet("", (HttpContext context, ConnectionSpecCatalog catalog) =>
        {
            var filters = new List<PropertyFilter>();
            foreach (var expression in context.Request.Query["property"])
            {
                var (filter, error) = PropertyFilter.Parse(expression ?? "", FilterFields);
                if (error is not null) return error.ToResult(context);
                filters.Add(filter!);
            }

            var matching = catalog.Sources.Where(s => filters.All(f => f.Matches(Field(s, f.Field), numeric: false)));
            return Results.Json(new JsonObject { ["items"] = new JsonArray(matching.Select(s => (JsonNode)s.ToServiceJson()).ToArray()) });
        });
        group.MapGet("/{id}", (HttpContext context, string id, ConnectionSpecCatalog catalog) =>
            catalog.FindById(id) is { } source
                ? Results.Json(new JsonObject { ["items"] = new JsonArray(source.ToServiceJson()) })
                : ErrorBodies.NotFound(context, "connectionSpecs", id));
    }

    private static string Field(CatalogSource s, string field) => field switch
    {
        "id" => s.Id,
        "name" => s.Name,
        "providerId" => s.ProviderId,
        _ => s.Version,
    };
}
