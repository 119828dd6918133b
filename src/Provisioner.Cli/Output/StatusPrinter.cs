using System.Globalization;
using System.Text.Json.Nodes;
using Provisioner.Core.Pipeline;

namespace Provisioner.Cli.Output;

/// <summary>
/// <c>status</c>: one row per recorded object (the keys and kinds of <c>outputs</c>) with what the service shows now —
/// <c>exists</c> or <c>gone</c>, a dataflow's state and its last run (status, started/completed in UTC, records read,
/// written, failed). <c>--json</c>: <c>{ key: { kind, name, id, etag, exists, state?, lastRun? } }</c>, <c>lastRun</c>
/// being <c>{ id, status, startedAt, completedAt, recordsRead, recordsWritten, recordsFailed }</c> or null when the
/// dataflow has not run. Ids, etags, names and run metrics only: never a param.
/// </summary>
internal static class StatusPrinter
{
    private const string Gone = "gone: deleted outside this tool; apply creates it again, refresh forgets it";

    public static void PrintTable(RecordedState state, IReadOnlyList<ObjectStatus> statuses, TextWriter output)
    {
        var rows = Join(state, statuses);
        if (rows.Count == 0)
        {
            output.WriteLine("No objects recorded; nothing to report (run apply first).");
            return;
        }
        ObjectRow.WriteTable(output, ["KEY", "KIND", "ID", "ETAG", "STATUS"],
            [.. rows.Select(r => new[] { r.Row.Key, r.Row.Kind, r.Row.Id, r.Row.Etag, Describe(r.Status) })]);
        var gone = rows.Count(r => !r.Status.Exists);
        output.WriteLine($"{rows.Count} object(s): {rows.Count - gone} exist, {gone} gone.");
    }

    public static void PrintJson(RecordedState state, IReadOnlyList<ObjectStatus> statuses, TextWriter output)
    {
        var json = new JsonObject();
        foreach (var (row, status) in Join(state, statuses))
        {
            var entry = new JsonObject { ["kind"] = row.Kind, ["name"] = row.Name, ["id"] = row.Id, ["etag"] = row.Etag, ["exists"] = status.Exists };
            if (row.IsDataflow)
            {
                entry["state"] = status.State;
                entry["lastRun"] = status.LastRun is { } run ? Run(run) : null;
            }
            json[row.Key] = entry;
        }
        output.WriteLine(json.ToJsonString(JsonOutput.Indented));
    }

    private static List<(ObjectRow Row, ObjectStatus Status)> Join(RecordedState state, IReadOnlyList<ObjectStatus> statuses)
    {
        var byRef = statuses.ToDictionary(s => s.Ref);
        return [.. ObjectRow.Of(state).Where(r => byRef.ContainsKey(r.Ref)).Select(r => (r, byRef[r.Ref]))];
    }

    /// <summary><c>exists</c>; for a dataflow <c>enabled; last run success, started …, completed …, 120 read, 118 written, 2 failed</c>.</summary>
    private static string Describe(ObjectStatus status)
    {
        if (!status.Exists)
        {
            return Gone;
        }
        if (status.Ref.Kind != PipelineKind.Dataflow)
        {
            return "exists";
        }
        var state = status.State ?? "state not shown";
        if (status.LastRun is not { } run)
        {
            return state + "; no run yet";
        }
        var parts = new List<string> { $"last run {run.Status ?? "status not shown"}" };
        if (run.StartedAt is { } started)
        {
            parts.Add("started " + Time(started));
        }
        parts.Add(run.CompletedAt is { } completed ? "completed " + Time(completed) : "not completed");
        parts.AddRange(new[] { (run.RecordsRead, "read"), (run.RecordsWritten, "written"), (run.RecordsFailed, "failed") }
            .Where(c => c.Item1 is not null).Select(c => $"{c.Item1} {c.Item2}"));
        return $"{state}; {string.Join(", ", parts)}";
    }

    private static JsonObject Run(RunSummary run) => new()
    {
        ["id"] = run.Id,
        ["status"] = run.Status,
        ["startedAt"] = run.StartedAt is { } started ? Time(started) : null,
        ["completedAt"] = run.CompletedAt is { } completed ? Time(completed) : null,
        ["recordsRead"] = run.RecordsRead,
        ["recordsWritten"] = run.RecordsWritten,
        ["recordsFailed"] = run.RecordsFailed,
    };

    /// <summary>ISO 8601 in UTC to the second: <c>2026-12-04T02:33:10Z</c>.</summary>
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
