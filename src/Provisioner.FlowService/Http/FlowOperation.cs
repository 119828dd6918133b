namespace Provisioner.FlowService.Http;

/// <summary>
/// One REST operation as logs and errors name it: the method and the route template (<c>PATCH /connections/{id}</c>),
/// plus the id it targets and the noun of what it acts on. The template, not the concrete URL, is logged so that
/// query strings never reach a log.
/// </summary>
internal sealed record FlowOperation(HttpMethod Method, string Route, string? ResourceId = null, string Noun = "connection")
{
    public static readonly HttpRequestOptionsKey<FlowOperation> Key = new("Provisioner.FlowService.Operation");

    public static FlowOperation ImsToken { get; } = new(HttpMethod.Post, "/ims/token/v3");

    public static FlowOperation Create(FlowCollection collection) => new(HttpMethod.Post, "/" + collection.Path, null, collection.Noun);
    public static FlowOperation List(FlowCollection collection) => new(HttpMethod.Get, "/" + collection.Path, null, collection.Noun);
    public static FlowOperation Get(FlowCollection collection, string id) => new(HttpMethod.Get, ItemRoute(collection), id, collection.Noun);
    public static FlowOperation Update(FlowCollection collection, string id) => new(HttpMethod.Patch, ItemRoute(collection), id, collection.Noun);
    public static FlowOperation Delete(FlowCollection collection, string id) => new(HttpMethod.Delete, ItemRoute(collection), id, collection.Noun);
    public static FlowOperation Action(FlowCollection collection, string id) => new(HttpMethod.Post, ItemRoute(collection) + "/action", id, collection.Noun);

    public static FlowOperation TestConnection(string id) => new(HttpMethod.Get, "/connections/{id}/test", id);
    public static FlowOperation ExploreRoot(string id) => new(HttpMethod.Get, "/connections/{id}/explore", id);

    /// <summary>e.g. <c>PATCH /connections/{id}</c>.</summary>
    public string Name => $"{Method.Method} {Route}";

    /// <summary>Anything but a read changes state on the service, so a lost response leaves the outcome unknown.</summary>
    public bool IsWrite => Method != HttpMethod.Get && Method != HttpMethod.Head;

    /// <summary>A POST that makes a new resource (not an action on one): a lost answer means "look it up by name".</summary>
    public bool IsCreate => Method == HttpMethod.Post && ResourceId is null;

    private static string ItemRoute(FlowCollection collection) => $"/{collection.Path}/{{id}}";
}
