using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Pipeline;

/// <summary>
/// What the service shows now about one recorded object: whether it still exists and, for a dataflow, its switch and
/// its newest run. Read-only — a status report, never a decision: the plan and refresh decide what a gone or edited
/// object means.
/// </summary>
/// <param name="Ref">The object (a base connection: <see cref="ObjectRef.Kind"/> null).</param>
/// <param name="Id">The recorded id.</param>
/// <param name="Etag">The recorded etag (what the next If-Match sends).</param>
/// <param name="Exists">False when the service answers 404: deleted outside this tool.</param>
public sealed record ObjectStatus(ObjectRef Ref, string Id, string Etag, bool Exists)
{
    /// <summary>A dataflow's state as served: <see cref="DataflowStates.Enabled"/>, <see cref="DataflowStates.Disabled"/>
    /// or a transitional one; null for other kinds, or when the service shows none or the object is gone.</summary>
    public string? State { get; init; }

    /// <summary>A dataflow's newest run; null when it has not run yet (or for other kinds).</summary>
    public RunSummary? LastRun { get; init; }

    /// <summary>A dataflow that exists and has not run yet.</summary>
    public bool NeverRan => Ref.Kind == PipelineKind.Dataflow && Exists && LastRun is null;
}

/// <summary>
/// One dataflow run as a report shows it (OAS <c>FlowRunItemDTO</c>): its status (<c>metrics.statusSummary.status</c>:
/// <c>success</c>, <c>failed</c>, …), when it started and completed (null while running), and the records it read
/// (<c>inputRecordCount</c>), wrote (<c>outputRecordCount</c>) and failed (<c>failedRecordCount</c>) — each null when
/// the service does not report it.
/// </summary>
public sealed record RunSummary(string Id, string? Status, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt,
    long? RecordsRead, long? RecordsWritten, long? RecordsFailed)
{
    public static RunSummary From(FlowRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var records = run.Metrics?.RecordSummary;
        return new RunSummary(run.Id, run.Status, Time(run.StartedAt), Time(run.CompletedAt),
            records?.InputRecordCount, records?.OutputRecordCount, records?.FailedRecordCount);
    }

    private static DateTimeOffset? Time(long? epochMilliseconds) =>
        epochMilliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
