using System.Collections.Concurrent;
using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Pipeline;

/// <summary>
/// Reads the live status of recorded objects (<see cref="ObjectStatus"/>): one GET per object, and for a dataflow
/// that exists its newest run (<c>GET /runs?property=flowId==…</c>, one run). Only reads: nothing is written, not
/// even the state. A gone object (404) is a result; a service failure (after the client's retries) throws
/// <see cref="FlowServiceException"/>.
/// </summary>
public static class ObjectStatusReader
{
    /// <summary>Every object of <paramref name="state"/> — base connections, then the pipeline in dependency order —
    /// at most <paramref name="maxParallelism"/> reads at once; results in that order.</summary>
    public static async Task<IReadOnlyList<ObjectStatus>> ReadAsync(IFlowServiceClient connections, IFlowPipelineClient pipeline,
        RecordedState state, int maxParallelism, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(state);
        var reads = new List<Func<CancellationToken, Task<ObjectStatus>>>();
        foreach (var (key, record) in state.Connections)
        {
            reads.Add(async ct => new ObjectStatus(ObjectRef.BaseConnection(key), record.Id, record.Etag,
                await connections.GetConnectionAsync(record.Id, ct).ConfigureAwait(false) is not null));
        }
        foreach (var record in state.Pipeline.Values)
        {
            reads.Add(ct => ReadAsync(pipeline, record, ct));
        }

        var results = new ConcurrentDictionary<int, ObjectStatus>();
        await Parallel.ForEachAsync(Enumerable.Range(0, reads.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism), CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await reads[i](ct).ConfigureAwait(false)).ConfigureAwait(false);
        return Enumerable.Range(0, reads.Count).Select(i => results[i]).ToArray();
    }

    /// <summary>One pipeline object: whether it exists and, for a dataflow, its state and newest run — also what a
    /// single Dataflow resource reports as its <c>state</c> and <c>lastRun</c>.</summary>
    public static async Task<ObjectStatus> ReadAsync(IFlowPipelineClient client, RecordedPipelineObject record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(record);
        var live = await client.GetObjectAsync(PipelineObjectWriter.RouteOf(record.Kind), record.Id, cancellationToken).ConfigureAwait(false);
        var status = new ObjectStatus(record.Ref, record.Id, record.Etag, live is not null);
        if (live is null || record.Kind != PipelineKind.Dataflow)
        {
            return status;
        }
        var runs = await client.ListRunsAsync(record.Id, maxRuns: 1, cancellationToken).ConfigureAwait(false);
        return status with { State = live.State, LastRun = runs is [var newest, ..] ? RunSummary.From(newest) : null };
    }
}
