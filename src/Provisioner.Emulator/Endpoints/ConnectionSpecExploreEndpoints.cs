namespace Provisioner.Emulator.Endpoints;

/// <summary>
/// <c>GET /connectionSpecs/{id}/explore</c> (OAS <c>exploreByConnectionSpecId</c>): the same listing as a connection's
/// explore (<see cref="ExploreEndpoints"/>) for the spec's kind of source, in the OAS schema's shape
/// (<c>ExploreConnectionResponse</c>: an array of <c>{type, name, path, canPreview, canFetchSchema}</c>; the OAS
/// example's <c>{items:[{columnName, columnType}]}</c> contradicts its own schema, and the schema wins).
/// </summary>
internal static class ConnectionSpecExploreEndpoints
{
    public static void MapConnectionSpecExplore(this IEndpointRouteBuilder app) =>
        app.MapGet(EmulatorPaths.ConnectionSpecs + "/{id}/explore", (HttpContext context, string id, ConnectionSpecCatalog catalog) =>
            catalog.FindById(id) is { } spec
                ? ExploreEndpoints.Listing(context, spec)
                : ErrorBodies.NotFound(context, "connectionSpecs", id));
}
