namespace Provisioner.Emulator.Endpoints;

/// <summary>
/// <c>GET /connections/{id}/explore</c> (reference §1.9): a plausible top level per source kind — folders and a file
/// for cloud storage, tables/objects for databases and SaaS sources — and FLOW-1336-400 for sources that cannot be
/// explored (streaming). <c>objectType=folder&amp;object=PATH</c> lists files in a folder of a storage source.
/// </summary>
internal static class ExploreEndpoints
{
    private static readonly Dictionary<string, string[]> TablesByCategory = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CRM"] = ["Account", "Contact", "Lead", "Opportunity"],
        ["Databases"] = ["customers", "orders", "products"],
        ["Analytics"] = ["events", "people"],
        ["Customer Success"] = ["tickets", "users", "organizations"],
        ["Marketing Automation"] = ["contacts", "companies", "campaigns"],
    };

    public static void MapExplore(this IEndpointRouteBuilder app) =>
        app.MapGet(EmulatorPaths.Connections + "/{id}/explore", (HttpContext context, string id, ConnectionStore store, ConnectionSpecCatalog catalog) =>
        {
            var connection = ConnectionEndpoints.FindForCaller(store.Current, FlowCaller.Of(context), id);
            if (connection is null) return ErrorBodies.NotFound(context, "connections", id);
            var spec = catalog.FindById(connection.SpecId);
            return spec is null
                ? Unsupported(context, $"Explore is not supported for connection spec {connection.SpecId}.")
                : Listing(context, spec);
        });

    /// <summary>What exploring <paramref name="spec"/> shows for the request's <c>objectType</c>; shared by the
    /// connection route and <c>/connectionSpecs/{id}/explore</c>.</summary>
    public static IResult Listing(HttpContext context, CatalogSource spec)
    {
        var objectType = context.Request.Query["objectType"].ToString().ToLowerInvariant();
        if (objectType.Length == 0) return ErrorBodies.BadRequest(context, 1337, "The mandatory query parameter objectType is not provided.");
        var kind = spec.Explore;
        if (kind == ExploreKind.None) return Unsupported(context, $"Explore is not supported for connection spec {spec.Id}.");

        return (objectType, kind) switch
        {
            ("root", ExploreKind.Files) => Items(Folder("landing", "/landing"), Folder("archive", "/archive"), File("/customers.csv")),
            ("root", ExploreKind.Tables) => Items(TablesByCategory.GetValueOrDefault(spec.Category, ["records"]).Select(Table).ToArray()),
            ("folder", ExploreKind.Files) => FolderContents(context),
            ("root" or "folder" or "file" or "table" or "rest", _) => Unsupported(context, $"objectType={objectType} is not supported by the emulator for this source."),
            _ => ErrorBodies.BadRequest(context, 1337, $"Invalid objectType '{objectType}': expected root, folder, file, table or rest."),
        };
    }

    private static IResult FolderContents(HttpContext context)
    {
        var folder = context.Request.Query["object"].ToString();
        if (folder.Length == 0) return ErrorBodies.BadRequest(context, 1337, "The mandatory query parameter object is not provided.");
        var path = "/" + folder.Trim('/');
        return Items(File($"{path}/part-0001.csv"), File($"{path}/part-0002.json"));
    }

    private static IResult Unsupported(HttpContext context, string message) => ErrorBodies.BadRequest(context, 1336, message);

    private static IResult Items(params JsonObject[] items) => Results.Json(new JsonArray(items.Select(i => (JsonNode)i).ToArray()));

    private static JsonObject Folder(string name, string path) => Item("folder", name, path, preview: false);

    private static JsonObject File(string path) => Item("file", path[(path.LastIndexOf('/') + 1)..], path, preview: true);

    private static JsonObject Table(string name) => Item("table", name, name, preview: true);

    private static JsonObject Item(string type, string name, string path, bool preview) => new()
    {
        ["type"] = type,
        ["name"] = name,
        ["path"] = path,
        ["canPreview"] = preview,
        ["canFetchSchema"] = preview,
    };
}
