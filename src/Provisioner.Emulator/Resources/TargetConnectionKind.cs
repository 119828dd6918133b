namespace Provisioner.Emulator.Resources;

/// <summary>
/// <c>/targetConnections</c> (OAS <c>CreateTargetConnectionRequest</c>, <c>TargetConnectionItemDTO</c>): where the
/// data lands. Mandatory: connectionSpec, data (OAS; the OAS does not require a name); the spec must be a target spec
/// of the flow-spec catalog (Data Lake), and the params it requires must be non-empty strings (<c>params.dataSetId</c>;
/// inferred). Dataset ids are opaque: the emulator has no Catalog service, so any id is accepted.
/// </summary>
internal sealed class TargetConnectionKind() : FlowConnectionKind(KindName, nameRequired: false, "targetConnectionIds", ["params.dataSetId"])
{
    public const string KindName = "targetConnections";

    protected override (IReadOnlyList<string> RequiredParams, FlowError? Error) CopyConnectionSpec(JsonObject body, JsonObject document,
        ResourceContext context, StoredConnection? baseConnection)
    {
        var (specId, version, specError) = DocumentFields.SpecReference(body, "connectionSpec");
        if (specError is not null) return ([], specError);
        var spec = context.FlowSpecs.FindTargetSpec(specId!);
        if (spec is null)
        {
            var known = string.Join(", ", context.FlowSpecs.TargetSpecs.Select(t => $"{t.Id} ({t.Name})"));
            return ([], FlowError.BadRequest(1413, $"The spec ID provided is invalid: '{specId}' is not a target connection spec (known: {known})."));
        }

        if (version is not null && version != spec.Version)
        {
            return ([], FlowError.BadRequest(1413, $"The spec ID provided is invalid: connection spec '{spec.Id}' has no version '{version}' (available: {spec.Version})."));
        }

        document["connectionSpec"] = new JsonObject { ["id"] = spec.Id, ["version"] = spec.Version };
        return (spec.RequiredParams, null);
    }
}
