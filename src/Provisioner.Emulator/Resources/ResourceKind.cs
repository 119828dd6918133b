using Provisioner.Emulator.Listing;

namespace Provisioner.Emulator.Resources;

/// <summary>What a write is checked against: the state inside the write lock, who asks, the catalogs, the time.</summary>
internal sealed record ResourceContext(StoreState State, FlowCaller Caller, ConnectionSpecCatalog ConnectionSpecs, FlowSpecCatalog FlowSpecs, long NowMillis)
{
    public StoredResource? Find(string kind, string id) => ResourceScope.Find(State, Caller, kind, id);

    public StoredConnection? FindConnection(string id) => Endpoints.ConnectionEndpoints.FindForCaller(State, Caller, id);
}

/// <summary>Which resources a caller sees: those of its org and sandbox, like connections.</summary>
internal static class ResourceScope
{
    public static StoredResource? Find(StoreState state, FlowCaller caller, string kind, string id) =>
        state.Resources.TryGetValue(id, out var r) && r.Kind == kind && Visible(r, caller.OrgId, caller.SandboxName) ? r : null;

    public static IEnumerable<StoredResource> InScope(StoreState state, string orgId, string sandboxName, string kind) =>
        state.Resources.Values.Where(r => r.Kind == kind && Visible(r, orgId, sandboxName));

    private static bool Visible(StoredResource r, string orgId, string sandboxName) => r.ImsOrgId == orgId && r.SandboxName == sandboxName;
}

/// <summary>
/// One collection of the Flow Service served by the generic <see cref="ResourceEndpoints"/>: source connections,
/// target connections, flows and (read-only) runs. A kind says what is valid, what may be patched, what a read shows
/// beyond the stored fields, and what happens around creates and deletes; storage, etags, If-Match, paging,
/// persistence and error bodies are the same for all.
/// </summary>
internal abstract class ResourceKind
{
    private readonly bool _nameRequired;
    private readonly IReadOnlyList<string> _patchableRoots;

    /// <param name="name">The collection, as in the path (<c>sourceConnections</c>).</param>
    /// <param name="nameRequired">Whether the item must have a <c>name</c> (the OAS does not require one of a target connection).</param>
    /// <param name="filterPaths">Document fields <c>property=</c> filters accept beyond id, name, description, state, createdAt, updatedAt.</param>
    /// <param name="patchableRoots">JSON Pointer roots a PATCH may touch (<c>/name</c> also allows nothing below it;
    /// <c>/params</c> allows <c>/params/dataSetId</c>).</param>
    protected ResourceKind(string name, bool nameRequired, IReadOnlyList<string> filterPaths, IReadOnlyList<string> patchableRoots)
    {
        Name = name;
        _nameRequired = nameRequired;
        _patchableRoots = patchableRoots;
        ListFields = ResourceJson.ListFieldsFor(name, filterPaths);
    }

    public string Name { get; }

    public string Path => $"{EmulatorPaths.FlowService}/{Name}";

    public ListFields<StoredResource> ListFields { get; }

    /// <summary>Checks a create body, or the document a PATCH produced (<paramref name="creating"/> false: references
    /// are immutable then and not checked again), and returns the document to store: known fields only, normalised.</summary>
    public (JsonObject? Document, FlowError? Error) Validate(JsonObject body, ResourceContext context, bool creating)
    {
        var document = new JsonObject();
        var error = DocumentFields.CopyNameAndDescription(body, document, _nameRequired) ?? CopyFields(body, document, context, creating);
        return error is null ? (document, null) : (null, error);
    }

    /// <summary>The rest of <see cref="Validate"/>, after name and description: checks the kind's own fields and copies
    /// them into <paramref name="document"/>; the first problem, or null.</summary>
    protected abstract FlowError? CopyFields(JsonObject body, JsonObject document, ResourceContext context, bool creating);

    public bool IsPatchable(string path) =>
        _patchableRoots.Any(root => path == root || path.StartsWith(root + "/", StringComparison.Ordinal));

    public string PatchableList => string.Join(", ", _patchableRoots);

    /// <summary>The item as GET shows it.</summary>
    public virtual JsonObject Render(StoredResource resource, StoreState state) => ResourceJson.Render(resource);

    /// <summary>Runs in the create's write, after the resource is in <paramref name="state"/> (a flow starts its first run).</summary>
    public virtual StoreState AfterCreate(StoreState state, StoredResource created, ResourceContext context) => state;

    /// <summary>Why the resource may not be deleted now, or null.</summary>
    public virtual FlowError? RefuseDelete(StoredResource resource, StoreState state) => null;

    /// <summary>Runs in the delete's write, after the resource left <paramref name="state"/> (a flow's runs go with it).</summary>
    public virtual StoreState AfterDelete(StoreState state, StoredResource deleted) => state;
}
