namespace Provisioner.Emulator.Resources;

/// <summary><c>/runs</c> (OAS <c>FlowRunItemDTO</c>): read-only; the emulator makes runs up (<see cref="FlowRuns"/>).
/// Filter with <c>property=flowId==…</c>, as a flow's <c>runs</c> link does.</summary>
internal sealed class RunKind() : ResourceKind(KindName, nameRequired: false, ["flowId", "flowSpec.id", "metrics.statusSummary.status"], [])
{
    public const string KindName = "runs";

    protected override FlowError? CopyFields(JsonObject body, JsonObject document, ResourceContext context, bool creating) =>
        throw new InvalidOperationException("Runs are read-only: the emulator creates them.");

    /// <summary>A run has no state or version; its etag is spelled <c>eTag</c> in the OAS.</summary>
    public override JsonObject Render(StoredResource resource, StoreState state)
    {
        var item = ResourceJson.ServerFieldsAndDocument(resource);
        item["eTag"] = resource.Etag;
        return item;
    }
}
