namespace Provisioner.Emulator.Resources;

/// <summary>
/// <c>/flows</c> (OAS <c>CreateFlowRequest</c>, <c>FlowItemDTO</c>): a dataflow from source connections to target
/// connections under a flow spec. Mandatory (OAS description): name, flowSpec, sourceConnectionIds,
/// targetConnectionIds; <c>state</c> in a create is refused (documented FLOW-1410-400). On create every id must name
/// an existing source / target connection of the caller (else 1101-404) and the flow spec must list each one's
/// connection spec in its <c>sourceConnectionSpecIds</c> / <c>targetConnectionSpecIds</c> (else 1413-400).
/// A flow starts <c>enabled</c>; <c>POST /flows/{id}/action?op=enable|disable</c> changes that
/// (<see cref="Endpoints.FlowActionEndpoints"/>). Patchable: name, description, scheduleParams, transformations;
/// its connections are not (Adobe: "create a new pair of source and target connections, as well as a new dataflow").
/// </summary>
internal sealed class FlowKind() : ResourceKind(KindName, nameRequired: true,
    ["flowSpec.id", "flowSpec.version", "sourceConnectionIds", "targetConnectionIds"],
    ["/name", "/description", "/scheduleParams", "/transformations"])
{
    public const string KindName = "flows";

    protected override FlowError? CopyFields(JsonObject body, JsonObject document, ResourceContext context, bool creating)
    {
        if (creating && body.ContainsKey("state")) return FlowError.BadRequest(1410, "State is not allowed in the create flow request.");
        var (specId, version, specError) = DocumentFields.SpecReference(body, "flowSpec");
        if (specError is not null) return specError;
        var flowSpec = context.FlowSpecs.FindFlowSpec(specId!);
        if (flowSpec is null) return FlowError.BadRequest(1413, $"The spec ID provided is invalid: flow spec '{specId}' was not found.");
        if (version is not null && version != flowSpec.Version)
        {
            return FlowError.BadRequest(1413, $"The spec ID provided is invalid: flow spec '{flowSpec.Id}' has no version '{version}' (available: {flowSpec.Version}).");
        }

        document["flowSpec"] = new JsonObject { ["id"] = flowSpec.Id, ["version"] = flowSpec.Version };

        var (sourceIds, sourceError) = DocumentFields.IdList(body, "sourceConnectionIds");
        if (sourceError is not null) return sourceError;
        var (targetIds, targetError) = DocumentFields.IdList(body, "targetConnectionIds");
        if (targetError is not null) return targetError;
        if (creating)
        {
            var pairing = CheckConnections(context, flowSpec, sourceIds!, SourceConnectionKind.KindName, "sourceConnectionIds", flowSpec.PairsSource)
                ?? CheckConnections(context, flowSpec, targetIds!, TargetConnectionKind.KindName, "targetConnectionIds", flowSpec.PairsTarget);
            if (pairing is not null) return pairing;
        }

        document["sourceConnectionIds"] = DocumentFields.ToArray(sourceIds!);
        document["targetConnectionIds"] = DocumentFields.ToArray(targetIds!);

        if (body["transformations"] is { } transformations)
        {
            if (Transformations(transformations) is { } transformationError) return transformationError;
            document["transformations"] = transformations.DeepClone();
        }

        if (body["scheduleParams"] is { } scheduleNode)
        {
            var (schedule, scheduleError) = ScheduleParams.Normalize(scheduleNode);
            if (scheduleError is not null) return scheduleError;
            document["scheduleParams"] = schedule;
        }

        return null;
    }

    /// <summary>Each id names a resource of <paramref name="kind"/> in the caller's scope whose connection spec the flow spec pairs.</summary>
    private static FlowError? CheckConnections(ResourceContext context, Catalog.CatalogFlowSpec flowSpec, IReadOnlyList<string> ids,
        string kind, string field, Func<string, bool> pairs)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            var connection = context.Find(kind, ids[i]);
            if (connection is null) return FlowError.ReferenceNotFound($"{field}[{i}]", kind, ids[i]);
            var specId = connection.Text("connectionSpec.id") ?? "";
            if (!pairs(specId))
            {
                var list = field == "sourceConnectionIds" ? "sourceConnectionSpecIds" : "targetConnectionSpecIds";
                return FlowError.BadRequest(1413, $"The spec ID provided is invalid: flow spec '{flowSpec.Id}' ({flowSpec.Name}) does not pair " +
                    $"connection spec '{specId}' of {field}[{i}] ('{ids[i]}'): it is not in the flow spec's {list}.");
            }
        }

        return null;
    }

    /// <summary>OAS <c>FlowTransformationDTO</c>: an array of <c>{name, params}</c>, both mandatory.</summary>
    private static FlowError? Transformations(JsonNode transformations)
    {
        if (transformations is not JsonArray array) return FlowError.InvalidField("transformations", "expected an array of {name, params}");
        for (var i = 0; i < array.Count; i++)
        {
            var field = $"transformations[{i}]";
            if (array[i] is not JsonObject transformation) return FlowError.InvalidField(field, "expected an object with name and params");
            var (_, nameError) = JsonFields.RequiredString(transformation, "name", $"{field}.name");
            if (nameError is not null) return nameError;
            if (transformation["params"] is null) return FlowError.MissingField($"{field}.params");
            if (transformation["params"] is not JsonObject) return FlowError.InvalidField($"{field}.params", "expected an object");
        }

        return null;
    }

    /// <summary>Adds what the service derives: <c>inheritedAttributes</c> (the connections' specs and base connections),
    /// the <c>runs</c> link and <c>lastRunDetails</c> of the newest run.</summary>
    public override JsonObject Render(StoredResource resource, StoreState state)
    {
        var item = base.Render(resource, state);
        var sources = new JsonArray();
        foreach (var id in resource.Texts("sourceConnectionIds"))
        {
            var source = new JsonObject { ["id"] = id };
            if (state.Resources.TryGetValue(id, out var sc) && sc.Kind == SourceConnectionKind.KindName && sc.Find("connectionSpec") is { } spec)
            {
                source["connectionSpec"] = JsonNode.Parse(spec.GetRawText());
                if (SourceConnectionKind.BaseConnectionJson(sc, state) is { } baseConnection) source["baseConnection"] = baseConnection;
            }

            sources.Add(source);
        }

        var targets = new JsonArray();
        foreach (var id in resource.Texts("targetConnectionIds"))
        {
            var target = new JsonObject { ["id"] = id };
            if (state.Resources.TryGetValue(id, out var tc) && tc.Kind == TargetConnectionKind.KindName && tc.Find("connectionSpec") is { } spec)
            {
                target["connectionSpec"] = JsonNode.Parse(spec.GetRawText());
            }

            targets.Add(target);
        }

        item["inheritedAttributes"] = new JsonObject { ["sourceConnections"] = sources, ["targetConnections"] = targets };
        item["runs"] = $"/runs?property=flowId=={resource.Id}";
        if (FlowRuns.Of(state, resource.Id).LastOrDefault() is { } last)
        {
            item["lastRunDetails"] = new JsonObject
            {
                ["id"] = last.Id,
                ["state"] = last.Text("metrics.statusSummary.status"),
                ["startedAtUTC"] = last.Find("metrics.durationSummary.startedAtUTC")?.GetInt64(),
                ["completedAtUTC"] = last.Find("metrics.durationSummary.completedAtUTC")?.GetInt64(),
            };
        }

        return item;
    }

    /// <summary>A new flow is enabled, so it gets its first run (<see cref="FlowRuns"/>).</summary>
    public override StoreState AfterCreate(StoreState state, StoredResource created, ResourceContext context) =>
        FlowRuns.Add(state, created, FlowRuns.Success, context.NowMillis).State;

    /// <summary>A deleted flow's runs go with it (inferred: nothing documents what happens to them).</summary>
    public override StoreState AfterDelete(StoreState state, StoredResource deleted) =>
        state with { Resources = state.Resources.RemoveRange(FlowRuns.Of(state, deleted.Id).Select(r => r.Id)) };

    /// <summary>A source or target connection listed by a flow of its org and sandbox cannot be deleted: the catalogue's
    /// FLOW-1447-400 "Found active flows containing id …" (when exactly the service answers it is inferred).</summary>
    public static FlowError? RefuseWhileUsed(StoredResource connection, StoreState state, string field) =>
        ResourceScope.InScope(state, connection.ImsOrgId, connection.SandboxName, KindName).Any(f => f.Texts(field).Contains(connection.Id))
            ? FlowError.BadRequest(1447, $"Found active flows containing id {connection.Id}. Delete those flows first.")
            : null;

    /// <summary>Whether a flow of the connection's org and sandbox reads through it (a source connection of the flow
    /// has it as base connection): such a base connection cannot be deleted (documented FLOW-1418-400).</summary>
    public static bool UsesBaseConnection(StoreState state, StoredConnection connection) =>
        ResourceScope.InScope(state, connection.ImsOrgId, connection.SandboxName, KindName)
            .SelectMany(f => f.Texts("sourceConnectionIds"))
            .Any(id => state.Resources.TryGetValue(id, out var sc) && sc.Text("baseConnectionId") == connection.Id);
}
