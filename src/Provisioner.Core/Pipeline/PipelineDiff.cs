namespace Provisioner.Core.Pipeline;

/// <summary>
/// Compares two versions of one pipeline object in the service's terms, with the same labels and JSON Patch rules as
/// base connections (<see cref="ChangeCollector"/>). A member of <see cref="PipelineKindInfo.Patchable"/> is patched,
/// objects member by member (a schedule's interval is one <c>replace /scheduleParams/interval</c>) and anything else
/// whole; any other member of the body, and a reference that names another object, changes only by replacement.
/// Pure: the planner and a single Pulumi resource's Diff both call it.
/// </summary>
public static class PipelineDiff
{
    /// <summary>The inputs last applied against the definition, both with references by key.</summary>
    public static ConnectionChanges Compute(DesiredPipelineObject recorded, DesiredPipelineObject desired)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(desired);
        var diff = new ChangeCollector();
        CompareBody(diff, recorded.Body, desired.Body, PipelineKindInfo.Of(desired.Kind));
        foreach (var field in recorded.References.Keys.Union(desired.References.Keys).Order(StringComparer.Ordinal))
        {
            if (!recorded.References.TryGetValue(field, out var was) || !desired.References.TryGetValue(field, out var now) || !was.SequenceEqual(now))
            {
                diff.Unpatchable(field);
            }
        }
        return diff.ToChanges();
    }

    /// <summary>
    /// What adopting <paramref name="existing"/>, found on the service under the definition's name, would change.
    /// Only what a definition can declare is compared (its body's members and the kind's patchable ones), so the
    /// service's own fields (ids, timestamps, state) never count. A reference matches when the served id is the one
    /// <paramref name="idOf"/> gives; null means this plan gives the referenced object a new id, which the served
    /// object cannot point at yet.
    /// </summary>
    public static ConnectionChanges CompareWithService(PipelineObject existing, DesiredPipelineObject desired, Func<ObjectRef, string?> idOf)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(idOf);
        var info = PipelineKindInfo.Of(desired.Kind);
        var served = new JsonObject();
        foreach (var field in desired.Body.Select(p => p.Key).Union(info.Patchable))
        {
            if (existing.Item.TryGetPropertyValue(field, out var value))
            {
                // What the definition declares of a member is compared in its form (ServedMembers); an undeclared
                // patchable member is the service's whole.
                served[field] = value is not null && desired.Body.TryGetPropertyValue(field, out var declared)
                    ? ServedMembers.Declared(field, declared, value) : value?.DeepClone();
            }
        }
        var diff = new ChangeCollector();
        CompareBody(diff, served, desired.Body, info);

        // The request as this definition would send it, so a reference is shaped as the service serves it.
        // Stryker disable once String : a field with an unknown id is unpatchable before its placeholder is compared
        var request = desired.ToRequest(r => idOf(r) ?? "");
        foreach (var (field, refs) in desired.References.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (refs.Any(r => idOf(r) is null) || !JsonNode.DeepEquals(existing.Item[field], request[field]))
            {
                diff.Unpatchable(field);
            }
        }
        return diff.ToChanges();
    }

    /// <summary>What cannot be patched first (it decides a replacement), then what can; each in name order.</summary>
    private static void CompareBody(ChangeCollector diff, JsonObject before, JsonObject after, PipelineKindInfo info)
    {
        foreach (var patchable in new[] { false, true })
        {
            diff.Members(Part(before, info, patchable), Part(after, info, patchable), "", "", patchable, recurse: true);
        }
    }

    private static JsonObject Part(JsonObject body, PipelineKindInfo info, bool patchable)
    {
        var part = new JsonObject(body.Where(p => info.Patchable.Contains(p.Key) == patchable)
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        foreach (var spec in SpecReferences)
        {
            // Spec ids are GUIDs: compared ignoring case, as for a base connection's spec (ConnectionDiff), so a
            // spelling or the service's own casing is never a replacement. Never patched, so nothing is sent lowered.
            if (part[spec] is JsonObject reference && reference["id"] is JsonValue id && id.TryGetValue<string>(out var text))
            {
                reference["id"] = text.ToLowerInvariant();
            }
        }
        return part;
    }

    /// <summary>The body members that name a spec by id (<c>CreateSourceConnectionRequest.connectionSpec</c>,
    /// <c>CreateFlowRequest.flowSpec</c>).</summary>
    private static readonly string[] SpecReferences = ["connectionSpec", "flowSpec"];
}
