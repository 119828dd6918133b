using Provisioner.Emulator.Store;

namespace Provisioner.Reliability.Tests.Support;

/// <summary>
/// Compares a host's recorded state with what the service really stores. The reliability goal is all zeros:
/// no name stored twice (duplicates), nothing stored that the state does not know (orphans), nothing recorded that
/// is not stored (dangling), and every recorded etag the stored one (so the next PATCH does not hit 412).
/// </summary>
internal sealed record StateAudit(int Stored, int Recorded, int Duplicates, IReadOnlyList<string> Orphans, IReadOnlyList<string> Dangling, IReadOnlyList<string> StaleEtags)
{
    public bool Clean => Duplicates == 0 && Orphans.Count == 0 && Dangling.Count == 0 && StaleEtags.Count == 0;

    public static int CountDuplicates(IEnumerable<StoredConnection> stored) =>
        stored.GroupBy(c => (c.SandboxName, c.Name)).Sum(g => g.Count() - 1);

    public static StateAudit Of(RecordedState state, IReadOnlyList<StoredConnection> stored)
    {
        var byId = stored.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var recordedIds = state.Connections.Values.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return new StateAudit(
            stored.Count,
            state.Connections.Count,
            CountDuplicates(stored),
            stored.Where(c => !recordedIds.Contains(c.Id)).Select(c => $"{c.Id} ({c.Name})").ToArray(),
            state.Connections.Where(r => !byId.ContainsKey(r.Value.Id)).Select(r => r.Key).ToArray(),
            state.Connections.Where(r => byId.TryGetValue(r.Value.Id, out var s) && s.Etag != r.Value.Etag).Select(r => r.Key).ToArray());
    }

    public override string ToString() =>
        $"stored {Stored}, recorded {Recorded}, duplicates {Duplicates}, orphans [{string.Join(", ", Orphans)}], "
        + $"dangling [{string.Join(", ", Dangling)}], stale etags [{string.Join(", ", StaleEtags)}]";
}
