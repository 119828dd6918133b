using Provisioner.Emulator.Listing;

namespace Provisioner.Emulator.Endpoints;

/// <summary>
/// The two read-only spec catalogs: <c>/connectionSpecs</c> (reference §1.8) and <c>/flowSpecs</c> (OAS
/// <c>listFlowSpecs</c>, <c>retrieveFlowSpec</c>: <c>FlowSpecResponse</c>). Both answer a list and a single read with
/// <c>{"items": […]}</c>, and narrow a list by <c>property=</c> filters on id, name, providerId and version (no paging:
/// the catalogs are small). Adobe's tutorials look flow specs up with <c>property=name=="CloudStorageToAEP"</c>.
/// </summary>
internal static class SpecEndpoints
{
    private static readonly Dictionary<string, Func<ICatalogSpec, string>> FilterFields = new(StringComparer.Ordinal)
    {
        ["id"] = s => s.Id,
        ["name"] = s => s.Name,
        ["providerId"] = s => s.ProviderId,
        ["version"] = s => s.Version,
    };

    public static void MapConnectionSpecs(this IEndpointRouteBuilder app)
    {
        var catalog = app.ServiceProvider.GetRequiredService<ConnectionSpecCatalog>();
        app.MapCatalog(EmulatorPaths.ConnectionSpecs, "connectionSpecs", catalog.Sources, catalog.FindById);
    }

    public static void MapFlowSpecs(this IEndpointRouteBuilder app)
    {
        var catalog = app.ServiceProvider.GetRequiredService<FlowSpecCatalog>();
        app.MapCatalog(EmulatorPaths.FlowSpecs, "flowSpecs", catalog.FlowSpecs, catalog.FindFlowSpec);
    }

    /// <param name="entries">The catalog's entries (the catalogs are immutable singletons: read once, at mapping).</param>
    private static void MapCatalog(this IEndpointRouteBuilder app, string path, string collection,
        IEnumerable<ICatalogSpec> entries, Func<string, ICatalogSpec?> find)
    {
        var group = app.MapGroup(path);
        group.MapGet("", (HttpContext context) => List(context, entries));
        group.MapGet("/{id}", (HttpContext context, string id) =>
            find(id) is { } spec ? Items([spec]) : ErrorBodies.NotFound(context, collection, id));
    }

    private static IResult List(HttpContext context, IEnumerable<ICatalogSpec> entries)
    {
        var filters = new List<PropertyFilter>();
        foreach (var expression in context.Request.Query["property"])
        {
            var (filter, error) = PropertyFilter.Parse(expression ?? "", FilterFields.Keys);
            if (error is not null) return error.ToResult(context);
            filters.Add(filter!);
        }

        return Items(entries.Where(e => filters.All(f => f.Matches(FilterFields[f.Field](e), numeric: false))));
    }

    private static IResult Items(IEnumerable<ICatalogSpec> specs) =>
        Results.Json(new JsonObject { ["items"] = new JsonArray(specs.Select(s => (JsonNode)s.ToServiceJson()).ToArray()) });
}
