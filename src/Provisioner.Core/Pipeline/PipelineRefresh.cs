using Provisioner.FlowService.Models;

namespace Provisioner.Core.Pipeline;

/// <summary>
/// The one rule for re-reading a recorded pipeline object from the service (the reconciler's refresh, a single Pulumi
/// resource's Read), so drift means the same everywhere. The etag and, for a dataflow, the settled state are the
/// service's; of the body only the members the record declares are taken from the served item, and of those only the
/// declared sub-members in the declared form (<see cref="ServedMembers"/>: the service's own fields — ids, timestamps,
/// inherited defaults, a schedule's added members — are not the user's and would be drift on every read), and a
/// declared member the item no longer has is dropped (drift: the next plan writes it again). A reference field stays
/// by key only while the service still shows the id the referenced object has; otherwise it is dropped from the
/// record, which the next plan reads as a reference that changed — a replacement, the only way to re-point.
/// </summary>
public static class PipelineRefresh
{
    /// <param name="idOf">The id each referenced object has now (a record of the same state); an id it does not know
    /// counts as drift. Not needed when the record has no references (a single Pulumi resource holds the ids in its
    /// body, which is read back like every other declared member).</param>
    public static RecordedPipelineObject Derive(RecordedPipelineObject record, PipelineObject live, Func<ObjectRef, string?>? idOf = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(live);
        idOf ??= _ => null;
        var inputs = record.Inputs;
        var body = new JsonObject();
        foreach (var (field, declared) in inputs.Body)
        {
            if (live.Item.TryGetPropertyValue(field, out var served) && served is not null)
            {
                body[field] = ServedMembers.Declared(field, declared, served);
            }
        }
        var references = new Dictionary<string, IReadOnlyList<ObjectRef>>(StringComparer.Ordinal);
        foreach (var (field, refs) in inputs.References)
        {
            // Stryker disable once String : a reference whose object has no id is never kept (the next line), whatever stands in for it
            var wanted = inputs.ToRequest(r => idOf(r) ?? "")[field];
            // Stryker disable once Linq : with one id unknown the placeholder makes the request differ from the served ids anyway
            if (refs.All(r => idOf(r) is not null) && JsonNode.DeepEquals(Lowered(live.Item[field]), Lowered(wanted)))
            {
                references[field] = refs;
            }
        }
        var enabled = inputs.Kind != PipelineKind.Dataflow ? inputs.Enabled : DataflowSwitch.Served(live.State)
            ?? inputs.Enabled; // transitional or not shown: what was last applied stands
        return record with
        {
            Etag = live.Etag,
            Inputs = inputs with { Body = body, References = references, Enabled = enabled },
        };
    }

    /// <summary>Ids are GUIDs: the service's casing is not a change.</summary>
    private static JsonNode? Lowered(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(text.ToLowerInvariant()),
        JsonArray array => new JsonArray([.. array.Select(Lowered)]),
        _ => node?.DeepClone(),
    };
}
