using Provisioner.Core.Connections;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>
/// The pure decision part of planning: given desired entries, recorded state and, for each desired key not in
/// state, the connections the service has under that exact name, decide one action per key. No I/O, so every rule
/// is unit-testable; <see cref="ConnectionReconciler"/> does the lookups and the writes. A preview uses
/// <see cref="PlanOffline"/>: the same decisions without the name lookups.
/// </summary>
public static class Planner
{
    /// <summary>The plan a preview shows, made without the service: recorded keys are decided exactly as apply
    /// decides them; a key not recorded is shown as a create (apply looks its name up first, and adopts a connection
    /// of that exact name instead of creating a second one).</summary>
    public static ReconcilePlan PlanOffline(DesiredConnectionSet desired, RecordedState recorded, ReconcilerOptions options)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(options);
        var notLookedUp = desired.Entries.Keys.Where(k => !recorded.Connections.ContainsKey(k))
            .ToDictionary(k => k, _ => new NameLookup([]), StringComparer.Ordinal);
        var plan = Decide(desired, recorded, notLookedUp, options);
        return desired.Pipeline.Count == 0 && recorded.HasNoPipeline ? plan
            : plan with { Pipeline = Pipeline.PipelinePlanner.PlanOffline(desired.Pipeline, recorded.Pipeline.Values.ToArray(), plan, options) };
    }

    /// <param name="nameMatches">Desired key (not recorded) → connections found by its exact name, or an error text.</param>
    internal static ReconcilePlan Decide(DesiredConnectionSet desired, RecordedState recorded,
        IReadOnlyDictionary<string, NameLookup> nameMatches, ReconcilerOptions options)
    {
        var changes = new List<PlannedChange>();
        // A connection recorded under a key that stays is that key's; never adopt it for another key.
        var reserved = ReservedIds(desired, recorded);
        var removed = recorded.Connections.Where(r => !desired.Entries.ContainsKey(r.Key))
            .ToDictionary(r => r.Value.Id, r => r.Key, StringComparer.Ordinal);
        var adoptedFromRemoved = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (key, entry) in desired.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (recorded.Connections.TryGetValue(key, out var record))
            {
                changes.Add(DecideRecorded(key, entry, record, options.SecretRecorder));
                continue;
            }
            var lookup = nameMatches.TryGetValue(key, out var found) ? found : new NameLookup([], NameMatchPolicy.NotLookedUp);
            var change = DecideUnrecorded(key, entry, lookup, reserved, options.CreatePolicy);
            if (change is PlannedChange.Adopt adopt && removed.TryGetValue(adopt.Existing.Id, out var oldKey))
            {
                adoptedFromRemoved.Add(oldKey); // a key rename: the connection moves, it is not deleted
            }
            changes.Add(change);
        }

        foreach (var (key, record) in recorded.Connections.Where(r => !desired.Entries.ContainsKey(r.Key)))
        {
            var retain = options.RetainRemoved || adoptedFromRemoved.Contains(key);
            changes.Add(retain ? new PlannedChange.Forget(key, record) : new PlannedChange.Delete(key, record));
        }
        return new ReconcilePlan(changes, recorded);
    }

    internal static HashSet<string> ReservedIds(DesiredConnectionSet desired, RecordedState recorded) =>
        recorded.Connections.Where(r => desired.Entries.ContainsKey(r.Key)).Select(r => r.Value.Id).ToHashSet(StringComparer.Ordinal);

    private static PlannedChange DecideRecorded(string key, DesiredEntry entry, RecordedConnection record, SecretValueRecorder recorder)
    {
        var changes = ConnectionDiff.Compute(record.Inputs, entry.Connection,
            (param, value) => entry.SecretParams.Contains(param) ? recorder.Record(param, value) : value);
        return !changes.HasChanges ? new PlannedChange.Unchanged(key, entry, record)
            : changes.RequiresReplace ? new PlannedChange.Replace(key, entry, record, changes)
            : new PlannedChange.Update(key, entry, record, changes);
    }

    /// <summary>Create or adopt under <see cref="NameMatchPolicy"/>, the rule every kind shares.</summary>
    internal static PlannedChange DecideUnrecorded(string key, DesiredEntry entry, NameLookup lookup, IReadOnlySet<string> reserved, CreatePolicy policy) =>
        NameMatchPolicy.Decide(lookup.Matches, lookup.Error, c => c.Id, reserved, policy) switch
        {
            NameMatchDecision<Connection>.LookupFailed failed => new PlannedChange.Refused(key, ConnectionAction.Create, failed.Error),
            NameMatchDecision<Connection>.Create create => new PlannedChange.Create(key, entry, create.Preexisting),
            NameMatchDecision<Connection>.Ambiguous ambiguous => new PlannedChange.Refused(key, ConnectionAction.Adopt,
                new AmbiguousConnectionException(entry.Connection.Name, ambiguous.Ids).Message),
            NameMatchDecision<Connection>.AdoptOne one => DecideAdopt(key, entry, one.Match),
            _ => throw new System.Diagnostics.UnreachableException(),
        };

    /// <summary>Adopting compares against what the service shows. Secrets come back masked, so they always differ
    /// and are patched: after adoption the connection provably holds the desired values.</summary>
    internal static PlannedChange DecideAdopt(string key, DesiredEntry entry, Connection existing)
    {
        var live = new DesiredConnection(existing.Name, existing.Description, existing.ConnectionSpec,
            existing.Auth?.SpecName, existing.Auth?.Params ?? []);
        var changes = ConnectionDiff.Compute(live, entry.Connection);
        if (changes.RequiresReplace)
        {
            return new PlannedChange.Refused(key, ConnectionAction.Adopt,
                ReconcileMessages.NotAdoptable(ReconcileMessages.BaseConnectionNoun, existing.Name, existing.Id, changes.ReplacePaths));
        }
        return new PlannedChange.Adopt(key, entry, existing, changes);
    }
}

/// <summary>The result of looking a name up on the service: the exact-name matches, or why the lookup failed.</summary>
internal sealed record NameLookup(IReadOnlyList<Connection> Matches, string? Error = null);
