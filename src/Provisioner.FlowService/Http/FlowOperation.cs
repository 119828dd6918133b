namespace Provisioner.FlowService.Http;

/// <summary>
/// One REST operation as logs and errors name it: the method and the route template (<c>PATCH /connections/{id}</c>),
/// plus the id it targets. The template, not the concrete URL, is logged so that query strings never reach a log.
/// </summary>
internal sealed record FlowOperation(HttpMethod Method, string Route, string? ResourceId = null)
{
    public static readonly HttpRequestOptionsKey<FlowOperation> Key = new("Provisioner.FlowService.Operation");

    public static FlowOperation CreateConnection { get; } = new(HttpMethod.Post, "/connections");
    public static FlowOperation ListConnections { get; } = new(HttpMethod.Get, "/connections");
    public static FlowOperation ImsToken { get; } = new(HttpMethod.Post, "/ims/token/v3");

    public static FlowOperation GetConnection(string id) => new(HttpMethod.Get, "/connections/{id}", id);
    public static FlowOperation UpdateConnection(string id) => new(HttpMethod.Patch, "/connections/{id}", id);
    public static FlowOperation DeleteConnection(string id) => new(HttpMethod.Delete, "/connections/{id}", id);
    public static FlowOperation TestConnection(string id) => new(HttpMethod.Get, "/connections/{id}/test", id);
    public static FlowOperation ExploreRoot(string id) => new(HttpMethod.Get, "/connections/{id}/explore", id);
    public static FlowOperation GetConnectionSpec(string id) => new(HttpMethod.Get, "/connectionSpecs/{id}", id);

    /// <summary>e.g. <c>PATCH /connections/{id}</c>.</summary>
    public string Name => $"{Method.Method} {Route}";

    /// <summary>Anything but a read changes state on the service, so a lost response leaves the outcome unknown.</summary>
    public bool IsWrite => Method != HttpMethod.Get && Method != HttpMethod.Head;
}
