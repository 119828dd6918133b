namespace Provisioner.Emulator.Resources;

/// <summary>
/// What source and target connections share: an optional <c>baseConnectionId</c> (on create it must name a base
/// connection of the caller, else 1101-404; inferred), a <c>connectionSpec</c> the kind checks, a mandatory <c>data</c>
/// object and a <c>params</c> object carrying the params the spec requires as non-empty strings. Patchable: name,
/// description, data, params. One a flow lists cannot be deleted (1447-400).
/// </summary>
/// <param name="flowField">The flow field that lists connections of this kind (<c>sourceConnectionIds</c>).</param>
internal abstract class FlowConnectionKind(string name, bool nameRequired, string flowField, IReadOnlyList<string> moreFilterPaths)
    : ResourceKind(name, nameRequired, ["baseConnectionId", "connectionSpec.id", "connectionSpec.version", "data.format", .. moreFilterPaths],
        ["/name", "/description", "/data", "/params"])
{
    protected sealed override FlowError? CopyFields(JsonObject body, JsonObject document, ResourceContext context, bool creating)
    {
        var (baseConnection, baseError) = CopyBaseConnectionId(body, document, context, creating);
        if (baseError is not null) return baseError;
        var (requiredParams, specError) = CopyConnectionSpec(body, document, context, baseConnection);
        if (specError is not null) return specError;

        var (_, dataError) = DocumentFields.CopyObject(body, document, "data", required: true);
        if (dataError is not null) return dataError;
        var (parameters, paramsError) = DocumentFields.CopyObject(body, document, "params", required: requiredParams.Count > 0);
        if (paramsError is not null) return paramsError;
        return requiredParams.Select(param => JsonFields.RequiredString(parameters!, param, $"params.{param}").Error).FirstOrDefault(e => e is not null);
    }

    /// <summary>Checks <c>connectionSpec</c> and copies it as <c>{id, version}</c>; returns the params the spec requires.</summary>
    /// <param name="baseConnection">The base connection a create names, or null (none named, or a PATCH).</param>
    protected abstract (IReadOnlyList<string> RequiredParams, FlowError? Error) CopyConnectionSpec(JsonObject body, JsonObject document,
        ResourceContext context, StoredConnection? baseConnection);

    public override FlowError? RefuseDelete(StoredResource resource, StoreState state) => FlowKind.RefuseWhileUsed(resource, state, flowField);

    /// <summary>References are immutable, so a PATCH does not look the base connection up again.</summary>
    private static (StoredConnection? BaseConnection, FlowError? Error) CopyBaseConnectionId(JsonObject body, JsonObject document,
        ResourceContext context, bool creating)
    {
        var (id, error) = JsonFields.OptionalString(body, "baseConnectionId", "baseConnectionId");
        if (error is not null || id is null) return (null, error);
        document["baseConnectionId"] = id;
        if (!creating) return (null, null);
        return context.FindConnection(id) is { } baseConnection
            ? (baseConnection, null)
            : (null, FlowError.ReferenceNotFound("baseConnectionId", "connections", id));
    }
}
