using System.Text.Json.Nodes;
using Provisioner.Emulator.Gateway;
using Provisioner.Emulator.Store;

namespace Provisioner.Emulator.Resources;

/// <summary>
/// <c>/targetConnections</c> (OAS <c>CreateTargetConnectionRequest</c>, <c>TargetConnectionItemDTO</c>): where the
/// data lands. Mandatory: connectionSpec, data (OAS); the spec must be a target spec of the flow-spec catalog (Data
/// Lake), and the params it requires must be non-empty strings (<c>params.dataSetId</c>; inferred). Dataset ids are
/// opaque: the emulator has no Catalog service, so any id is accepted. Patchable: name, description, data, params.
/// A target connection a flow uses cannot be deleted (1447-400).
/// </summary>
internal sealed class TargetConnectionKind() : ResourceKind(KindName,
    ["baseConnectionId", "connectionSpec.id", "connectionSpec.version", "data.format", "params.dataSetId"],
    ["/name", "/description", "/data", "/params"])
{
    public const string KindName = "targetConnections";

    public override (JsonObject? Document, FlowError? Error) Validate(JsonObject body, ResourceContext context, bool creating)
    {
        var document = new JsonObject();
        // The OAS does not require a name for a target connection.
        if (DocumentFields.CopyNameAndDescription(body, document, nameRequired: false) is { } nameError) return (null, nameError);

        var (baseConnectionId, baseError) = JsonFields.OptionalString(body, "baseConnectionId", "baseConnectionId");
        if (baseError is not null) return (null, baseError);
        if (baseConnectionId is not null)
        {
            if (creating && context.FindConnection(baseConnectionId) is null) return (null, FlowError.ReferenceNotFound("baseConnectionId", "connections", baseConnectionId));
            document["baseConnectionId"] = baseConnectionId;
        }

        var (specId, version, specError) = DocumentFields.SpecReference(body, "connectionSpec");
        if (specError is not null) return (null, specError);
        var spec = context.FlowSpecs.FindTargetSpec(specId!);
        if (spec is null)
        {
            var known = string.Join(", ", context.FlowSpecs.TargetSpecs.Select(t => $"{t.Id} ({t.Name})"));
            return (null, FlowError.BadRequest(1413, $"The spec ID provided is invalid: '{specId}' is not a target connection spec (known: {known})."));
        }

        if (version is not null && version != spec.Version)
        {
            return (null, FlowError.BadRequest(1413, $"The spec ID provided is invalid: connection spec '{spec.Id}' has no version '{version}' (available: {spec.Version})."));
        }

        document["connectionSpec"] = new JsonObject { ["id"] = spec.Id, ["version"] = spec.Version };
        var (_, dataError) = DocumentFields.CopyObject(body, document, "data", required: true);
        if (dataError is not null) return (null, dataError);
        var (parameters, paramsError) = DocumentFields.CopyObject(body, document, "params", required: spec.RequiredParams.Count > 0);
        if (paramsError is not null) return (null, paramsError);
        foreach (var name in spec.RequiredParams)
        {
            var (_, error) = JsonFields.RequiredString(parameters!, name, $"params.{name}");
            if (error is not null) return (null, error);
        }

        return (document, null);
    }

    public override FlowError? RefuseDelete(StoredResource resource, StoreState state) => FlowKind.RefuseWhileUsed(resource, state, "targetConnectionIds");
}
