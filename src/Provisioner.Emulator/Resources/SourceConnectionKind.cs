using System.Text.Json.Nodes;
using Provisioner.Emulator.Connections;
using Provisioner.Emulator.Gateway;
using Provisioner.Emulator.Store;

namespace Provisioner.Emulator.Resources;

/// <summary>
/// <c>/sourceConnections</c> (OAS <c>CreateSourceConnectionRequest</c>, <c>SourceConnectionItemDTO</c>): what to read
/// through a base connection. Mandatory: name, connectionSpec, data (OAS). The spec must be a source spec of the
/// catalog. Checked on create (inferred, see the README): <c>baseConnectionId</c>, when given, names an existing base
/// connection of the caller (else 1101-404) whose connection spec is the same (else 1413-400). Patchable: name,
/// description, data, params. A source connection a flow uses cannot be deleted (1447-400).
/// </summary>
internal sealed class SourceConnectionKind() : ResourceKind(KindName,
    ["baseConnectionId", "connectionSpec.id", "connectionSpec.version", "data.format"],
    ["/name", "/description", "/data", "/params"])
{
    public const string KindName = "sourceConnections";

    public override (JsonObject? Document, FlowError? Error) Validate(JsonObject body, ResourceContext context, bool creating)
    {
        var document = new JsonObject();
        if (DocumentFields.CopyNameAndDescription(body, document, nameRequired: true) is { } nameError) return (null, nameError);

        var (baseConnectionId, baseError) = JsonFields.OptionalString(body, "baseConnectionId", "baseConnectionId");
        if (baseError is not null) return (null, baseError);
        if (baseConnectionId is not null) document["baseConnectionId"] = baseConnectionId;

        var (spec, specError) = CreateConnectionParser.ResolveSpec(body, context.ConnectionSpecs);
        if (specError is not null) return (null, specError);
        if (spec!.IsDestination)
        {
            return (null, FlowError.BadRequest(1413, $"The spec ID provided is invalid: connection spec '{spec.Id}' ({spec.Name}) is a destination spec, not a source spec."));
        }

        document["connectionSpec"] = new JsonObject { ["id"] = spec.Id, ["version"] = spec.Version };

        if (creating && baseConnectionId is not null)
        {
            var baseConnection = context.FindConnection(baseConnectionId);
            if (baseConnection is null) return (null, FlowError.ReferenceNotFound("baseConnectionId", "connections", baseConnectionId));
            if (!string.Equals(baseConnection.SpecId, spec.Id, StringComparison.OrdinalIgnoreCase))
            {
                return (null, FlowError.BadRequest(1413, $"The spec ID provided is invalid: the source connection's connection spec '{spec.Id}' " +
                    $"is not the spec '{baseConnection.SpecId}' of its base connection '{baseConnectionId}'."));
            }
        }

        var (_, dataError) = DocumentFields.CopyObject(body, document, "data", required: true);
        if (dataError is not null) return (null, dataError);
        var (_, paramsError) = DocumentFields.CopyObject(body, document, "params", required: false);
        return paramsError is not null ? (null, paramsError) : (document, null);
    }

    /// <summary>Adds <c>inheritedAttributes.baseConnection</c> (OAS <c>SourceConnectionMetaInfoDTO</c>) while the base exists.</summary>
    public override JsonObject Render(StoredResource resource, StoreState state)
    {
        var item = base.Render(resource, state);
        if (BaseConnectionJson(resource, state) is { } baseConnection)
        {
            item["inheritedAttributes"] = new JsonObject { ["baseConnection"] = baseConnection };
        }

        return item;
    }

    /// <summary><c>{id, connectionSpec}</c> of the base connection (OAS <c>ConnectionMetaInfoDTO</c>), or null.</summary>
    public static JsonObject? BaseConnectionJson(StoredResource sourceConnection, StoreState state) =>
        sourceConnection.Text("baseConnectionId") is { } id && state.Connections.TryGetValue(id, out var c)
            && c.ImsOrgId == sourceConnection.ImsOrgId && c.SandboxName == sourceConnection.SandboxName
            ? new JsonObject { ["id"] = c.Id, ["connectionSpec"] = new JsonObject { ["id"] = c.SpecId, ["version"] = c.SpecVersion } }
            : null;

    public override FlowError? RefuseDelete(StoredResource resource, StoreState state) => FlowKind.RefuseWhileUsed(resource, state, "sourceConnectionIds");
}
