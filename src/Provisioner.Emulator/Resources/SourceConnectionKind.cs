using Provisioner.Emulator.Connections;

namespace Provisioner.Emulator.Resources;

/// <summary>
/// <c>/sourceConnections</c> (OAS <c>CreateSourceConnectionRequest</c>, <c>SourceConnectionItemDTO</c>): what to read
/// through a base connection. Mandatory: name, connectionSpec, data (OAS). The spec must be a source spec of the
/// catalog, and on create (inferred, see the README) the spec of the base connection, when one is named (else 1413-400).
/// </summary>
internal sealed class SourceConnectionKind() : FlowConnectionKind(KindName, nameRequired: true, "sourceConnectionIds", [])
{
    public const string KindName = "sourceConnections";

    protected override (IReadOnlyList<string> RequiredParams, FlowError? Error) CopyConnectionSpec(JsonObject body, JsonObject document,
        ResourceContext context, StoredConnection? baseConnection)
    {
        var (spec, specError) = CreateConnectionParser.ResolveSpec(body, context.ConnectionSpecs);
        if (specError is not null) return ([], specError);
        if (spec!.IsDestination)
        {
            return ([], FlowError.BadRequest(1413, $"The spec ID provided is invalid: connection spec '{spec.Id}' ({spec.Name}) is a destination spec, not a source spec."));
        }

        if (baseConnection is not null && !string.Equals(baseConnection.SpecId, spec.Id, StringComparison.OrdinalIgnoreCase))
        {
            return ([], FlowError.BadRequest(1413, $"The spec ID provided is invalid: the source connection's connection spec '{spec.Id}' " +
                $"is not the spec '{baseConnection.SpecId}' of its base connection '{baseConnection.Id}'."));
        }

        document["connectionSpec"] = new JsonObject { ["id"] = spec.Id, ["version"] = spec.Version };
        return ([], null);
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
}
