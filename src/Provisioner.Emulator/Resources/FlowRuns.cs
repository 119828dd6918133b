namespace Provisioner.Emulator.Resources;

/// <summary>
/// The emulator's stand-in for ingestion: it moves no data, so a run is made up, deterministically. A flow that
/// becomes enabled (created — flows start enabled — or enabled again with <c>op=enable</c>) gets one completed run
/// at that instant, with status <c>success</c> and zero records; a disabled flow gets none. Tests add more (or failed)
/// runs with <c>POST /_emulator/flows/{id}/runs</c> or <see cref="EmulatorHost.AddRunAsync"/>.
/// </summary>
internal static class FlowRuns
{
    public const string Success = "success";
    public const string Failed = "failed";

    public static (StoreState State, StoredResource Run) Add(StoreState state, StoredResource flow, string status, long nowMillis)
    {
        var document = new JsonObject
        {
            ["flowId"] = flow.Id,
            ["flowSpec"] = ResourceJson.Document(flow)["flowSpec"]?.DeepClone(),
            ["metrics"] = new JsonObject
            {
                ["durationSummary"] = new JsonObject { ["startedAtUTC"] = nowMillis, ["completedAtUTC"] = nowMillis },
                ["sizeSummary"] = new JsonObject { ["inputBytes"] = 0, ["outputBytes"] = 0 },
                ["recordSummary"] = new JsonObject { ["inputRecordCount"] = 0, ["createdRecordCount"] = 0, ["outputRecordCount"] = 0, ["failedRecordCount"] = 0 },
                ["fileSummary"] = new JsonObject { ["inputFileCount"] = 0, ["outputFileCount"] = 0 },
                ["statusSummary"] = new JsonObject { ["status"] = status },
            },
        };
        // The service creates runs, not the caller: they carry the flow's org, sandbox and last writer.
        var run = ResourceJson.New(RunKind.KindName, state.NextSequence, FlowCaller.LastWriterOf(flow), document, nowMillis);
        return (state with { Resources = state.Resources.Add(run.Id, run), NextSequence = state.NextSequence + 1 }, run);
    }

    /// <summary>Adds a run to a flow of any org and sandbox (control API: tests make a schedule fire); null when no such flow.</summary>
    public static async Task<StoredResource?> AddAsync(ConnectionStore store, string flowId, string status, TimeProvider time) =>
        await store.WriteAsync(state =>
        {
            if (!state.Resources.TryGetValue(flowId, out var flow) || flow.Kind != FlowKind.KindName) return (state, (StoredResource?)null);
            var (next, run) = Add(state, flow, status, time.GetUtcNow().ToUnixTimeMilliseconds());
            return (next, run);
        }, CancellationToken.None).ConfigureAwait(false);

    /// <summary>The flow's runs, oldest first.</summary>
    public static IEnumerable<StoredResource> Of(StoreState state, string flowId) =>
        state.Resources.Values.Where(r => r.Kind == RunKind.KindName && r.Text("flowId") == flowId).OrderBy(r => r.Sequence);
}
