using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Pipeline;

/// <summary>How many objects of each kind, in dependency order: <c>3 connection(s)</c>, or with a pipeline
/// <c>1 connection(s), 1 source connection(s), 1 target connection(s), 1 dataflow(s)</c> (kinds with none left out).
/// Every host counts what it reports this way (the CLI's plan and refresh, the set's messages).</summary>
public static class KindCounts
{
    public static string Describe(IEnumerable<ObjectRef> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var all = objects.ToArray();
        var bases = all.Count(o => o.Kind is null);
        var parts = new List<string>();
        if (bases > 0 || all.Length == 0)
        {
            parts.Add($"{bases} connection(s)");
        }
        foreach (var info in PipelineKindInfo.All)
        {
            if (all.Count(o => o.Kind == info.Kind) is var count and > 0)
            {
                parts.Add($"{count} {info.Noun}(s)");
            }
        }
        return string.Join(", ", parts);
    }

    public static string Describe(RecordedState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Describe(state.Connections.Keys.Select(ObjectRef.BaseConnection).Concat(state.Pipeline.Keys));
    }
}
