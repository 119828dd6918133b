namespace Provisioner.FlowService.Models;

/// <summary>One run of a dataflow (<c>GET /runs?property=flowId==…</c>, OAS <c>FlowRunItemDTO</c>): read-only, what a
/// status report shows — when it ran, how it ended, how much it moved.</summary>
public sealed record FlowRun
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("flowId")] public string? FlowId { get; init; }
    /// <summary>Epoch milliseconds.</summary>
    [JsonPropertyName("createdAt")] public long? CreatedAt { get; init; }
    /// <summary>Epoch milliseconds.</summary>
    [JsonPropertyName("updatedAt")] public long? UpdatedAt { get; init; }
    /// <summary>Spelled <c>eTag</c> on runs (OAS), unlike every other item.</summary>
    [JsonPropertyName("eTag")] public string? Etag { get; init; }
    [JsonPropertyName("metrics")] public FlowRunMetrics? Metrics { get; init; }

    /// <summary><c>metrics.statusSummary.status</c>: <c>success</c>, <c>failed</c>, … (null when not reported yet).</summary>
    [JsonIgnore] public string? Status => Metrics?.StatusSummary?.Status;

    /// <summary><c>metrics.durationSummary.startedAtUTC</c>, epoch milliseconds.</summary>
    [JsonIgnore] public long? StartedAt => Metrics?.DurationSummary?.StartedAtUtc;

    /// <summary><c>metrics.durationSummary.completedAtUTC</c>, epoch milliseconds; null while running.</summary>
    [JsonIgnore] public long? CompletedAt => Metrics?.DurationSummary?.CompletedAtUtc;
}

/// <summary>OAS <c>FlowRunItemDTO.metrics</c>, with the summaries' names as the OAS spells them.</summary>
public sealed record FlowRunMetrics
{
    [JsonPropertyName("durationSummary")] public RunDurationSummary? DurationSummary { get; init; }
    [JsonPropertyName("sizeSummary")] public RunSizeSummary? SizeSummary { get; init; }
    [JsonPropertyName("recordSummary")] public RunRecordSummary? RecordSummary { get; init; }
    [JsonPropertyName("fileSummary")] public RunFileSummary? FileSummary { get; init; }
    [JsonPropertyName("statusSummary")] public RunStatusSummary? StatusSummary { get; init; }
}

public sealed record RunDurationSummary
{
    [JsonPropertyName("startedAtUTC")] public long? StartedAtUtc { get; init; }
    [JsonPropertyName("completedAtUTC")] public long? CompletedAtUtc { get; init; }
}

public sealed record RunSizeSummary
{
    [JsonPropertyName("inputBytes")] public long? InputBytes { get; init; }
    [JsonPropertyName("outputBytes")] public long? OutputBytes { get; init; }
}

public sealed record RunRecordSummary
{
    [JsonPropertyName("inputRecordCount")] public long? InputRecordCount { get; init; }
    [JsonPropertyName("createdRecordCount")] public long? CreatedRecordCount { get; init; }
    [JsonPropertyName("outputRecordCount")] public long? OutputRecordCount { get; init; }
    [JsonPropertyName("failedRecordCount")] public long? FailedRecordCount { get; init; }
    [JsonPropertyName("skippedRecordCount")] public long? SkippedRecordCount { get; init; }
}

public sealed record RunFileSummary
{
    [JsonPropertyName("inputFileCount")] public long? InputFileCount { get; init; }
    [JsonPropertyName("outputFileCount")] public long? OutputFileCount { get; init; }
    [JsonPropertyName("failedFileCount")] public long? FailedFileCount { get; init; }
}

/// <summary><c>statusSummary</c>: the status, and <c>extensions</c> where the service puts what went wrong.</summary>
public sealed record RunStatusSummary
{
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("extensions")] public JsonObject? Extensions { get; init; }
}
