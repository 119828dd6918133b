using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Pipeline;

/// <summary>Which objects of one kind the service has under one exact name: what adopt-by-name decides from.</summary>
public readonly record struct PipelineName(PipelineKind Kind, string Name);

/// <summary>The result of looking a name up on the service: the exact-name matches, or why the lookup failed.</summary>
internal sealed record PipelineNameLookup(IReadOnlyList<PipelineObject> Matches, string? Error = null);

/// <summary>
/// The dependency graph's pure decision part for source connections, target connections and dataflows, beside the
/// connection plan of the same run (<see cref="Planner"/>): one decision per object, in the connection planner's
/// vocabulary and under its policies (<see cref="CreatePolicy"/>, <see cref="ReconcilerOptions.RetainRemoved"/>),
/// and the waves every write of both plans runs in (<see cref="PipelineWaves"/>). No I/O: the online part looks
/// names up, the apply engine follows the waves.
/// </summary>
/// <remarks>
/// Propagation: a dependant points at its references by id, and the service cannot re-point one (a source
/// connection's base connection, a flow's connection ids are not patchable), so when a referenced object gets a new
/// id — created, replaced, or adopted in place of a recorded one — every recorded dependant is replaced too, level
/// by level, and says which object caused it. A patch keeps the id and propagates nothing.
/// </remarks>
public static class PipelinePlanner
{
    /// <summary>The plan a preview shows, made without the service: recorded objects are decided exactly as apply
    /// decides them; an object not recorded is shown as a create (apply looks its name up first).</summary>
    public static PipelinePlan PlanOffline(IReadOnlyCollection<DesiredPipelineObject> desired, IReadOnlyCollection<RecordedPipelineObject> recorded,
        ReconcilePlan baseConnections, ReconcilerOptions options)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(recorded);
        var recordedRefs = recorded.Select(r => new ObjectRef(r.Kind, r.Key)).ToHashSet();
        var notLookedUp = desired.Where(d => !recordedRefs.Contains(d.Ref)).Select(d => new PipelineName(d.Kind, d.Name)).Distinct()
            .ToDictionary(n => n, _ => new PipelineNameLookup([]));
        return Decide(desired, recorded, baseConnections, notLookedUp, options);
    }

    /// <param name="baseConnections">The connection plan of the same run: which base connections keep their id,
    /// get a new one, go away or were refused.</param>
    /// <param name="nameMatches">(kind, name) of each object not recorded → the objects found by that exact name, or an error text.</param>
    internal static PipelinePlan Decide(IReadOnlyCollection<DesiredPipelineObject> desired, IReadOnlyCollection<RecordedPipelineObject> recorded,
        ReconcilePlan baseConnections, IReadOnlyDictionary<PipelineName, PipelineNameLookup> nameMatches, ReconcilerOptions options)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(baseConnections);
        ArgumentNullException.ThrowIfNull(nameMatches);
        ArgumentNullException.ThrowIfNull(options);
        var wanted = desired.ToDictionary(d => d.Ref);
        var records = recorded.ToDictionary(r => new ObjectRef(r.Kind, r.Key));
        var fates = baseConnections.Changes.ToDictionary(c => ObjectRef.BaseConnection(c.Key), IdFate.Of);
        var stale = baseConnections.Recorded.Superseded.SelectMany(old => old.UsedBy, (old, user) => (User: user, Old: old))
            .ToLookup(u => u.User, u => u.Old);
        var graph = new Graph(fates, nameMatches, options.CreatePolicy, stale,
            // An object recorded under a key that stays is that key's; never adopt it for another key.
            records.Where(r => wanted.ContainsKey(r.Key)).Select(r => r.Value.Id).ToHashSet(StringComparer.Ordinal));

        var changes = new List<PipelineChange>();
        // Old halves of earlier replacements: deleted down the levels, after whatever still used them.
        changes.AddRange(baseConnections.Recorded.Superseded.Select(old => new PipelineChange.DeleteSuperseded(old.PlanRef, old)));
        var removedById = records.Where(r => !wanted.ContainsKey(r.Key)).ToDictionary(r => (r.Value.Kind, r.Value.Id), r => r.Key);
        var adoptedFromRemoved = new HashSet<ObjectRef>();
        // Level order: every reference is decided before the objects that use it.
        foreach (var declared in wanted.Values.OrderBy(d => d.Ref, ObjectRefOrder.Instance))
        {
            var change = graph.Decide(declared, records.GetValueOrDefault(declared.Ref));
            if (change is PipelineChange.Adopt adopt && removedById.TryGetValue((declared.Kind, adopt.Existing.Id), out var oldRef))
            {
                adoptedFromRemoved.Add(oldRef); // a key rename: the object moves, it is not deleted
            }
            fates[declared.Ref] = IdFate.Of(change);
            changes.Add(change);
        }

        var users = wanted.Values.SelectMany(d => d.References.Values.SelectMany(refs => refs), (d, used) => (Used: used, User: d.Ref))
            .Distinct().ToLookup(u => u.Used, u => u.User);
        // Stryker disable once Linq : every change is sorted by the same order below; this one only reads in a stable order
        foreach (var (at, record) in records.Where(r => !wanted.ContainsKey(r.Key)).OrderBy(r => r.Key, ObjectRefOrder.Instance))
        {
            changes.Add(options.RetainRemoved || adoptedFromRemoved.Contains(at) ? new PipelineChange.Forget(at, record)
                : users[at].Any() ? new PipelineChange.Refused(at, ConnectionAction.Delete, PipelineMessages.StillUsed(at, users[at].Order(ObjectRefOrder.Instance)))
                : new PipelineChange.Delete(at, record));
        }
        // A base connection the connection plan deletes while a declared object still uses it (a dangling reference
        // the definitions should have refused): its delete is refused here and left out of the waves.
        var keptBaseConnections = new HashSet<string>(StringComparer.Ordinal);
        foreach (var delete in baseConnections.Changes.OfType<PlannedChange.Delete>())
        {
            var at = ObjectRef.BaseConnection(delete.Key);
            if (users[at].Any())
            {
                keptBaseConnections.Add(delete.Key);
                changes.Add(new PipelineChange.Refused(at, ConnectionAction.Delete, PipelineMessages.StillUsed(at, users[at].Order(ObjectRefOrder.Instance))));
            }
        }

        var ordered = changes.OrderBy(c => c.Ref, ObjectRefOrder.Instance).ToArray();
        return new PipelinePlan(ordered, PipelineWaves.Of(baseConnections, ordered, keptBaseConnections));
    }

    /// <summary>The decisions made so far (<paramref name="Fates"/>, by reference) and what deciding the next needs.</summary>
    private sealed record Graph(Dictionary<ObjectRef, IdFate> Fates, IReadOnlyDictionary<PipelineName, PipelineNameLookup> NameMatches,
        CreatePolicy Policy, ILookup<ObjectRef, SupersededObject> Stale, IReadOnlySet<string> Reserved)
    {
        public PipelineChange Decide(DesiredPipelineObject desired, RecordedPipelineObject? record)
        {
            var used = desired.References.OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => f.Value).Distinct().ToArray();
            var dangling = used.Where(r => FateOf(r) is IdFate.Removed).ToArray();
            if (dangling.Length > 0)
            {
                return new PipelineChange.Refused(desired.Ref, record is null ? ConnectionAction.Create : ConnectionAction.Update,
                    PipelineMessages.Dangling(desired.Ref, dangling));
            }
            var blocked = used.Where(r => FateOf(r) is IdFate.Blocked).ToArray();
            if (blocked.Length > 0)
            {
                return new PipelineChange.Refused(desired.Ref, record is null ? ConnectionAction.Create : ConnectionAction.Replace,
                    PipelineMessages.Blocked(desired.Ref, blocked));
            }
            return record is null ? DecideUnrecorded(desired) : DecideRecorded(desired, record);
        }

        private IdFate FateOf(ObjectRef used) => Fates.GetValueOrDefault(used) ?? new IdFate.Removed();

        private PipelineChange DecideRecorded(DesiredPipelineObject desired, RecordedPipelineObject record)
        {
            var changes = PipelineDiff.Compute(record.Inputs, desired);
            var referenceFields = desired.References.Keys.Union(record.Inputs.References.Keys).ToHashSet(StringComparer.Ordinal);
            var causes = new List<string>();
            var fixedPaths = changes.ReplacePaths.Where(p => !referenceFields.Contains(p)).ToArray();
            if (fixedPaths.Length > 0)
            {
                causes.Add(PipelineMessages.NotPatchable(fixedPaths));
            }
            causes.AddRange(changes.ReplacePaths.Where(referenceFields.Contains).Select(field => PipelineMessages.Repointed(field,
                desired.References.GetValueOrDefault(field), record.Inputs.References.GetValueOrDefault(field))));

            // Propagation: a reference whose object gets a new id must be re-pointed, which only a new object can be.
            var movedFields = new List<string>();
            foreach (var (field, refs) in desired.References.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var moved = refs.Select(r => (Ref: r, Verb: FateOf(r).NewIdVerb)).Where(r => r.Verb is not null).ToArray();
                if (moved.Length > 0 && !changes.ReplacePaths.Contains(field))
                {
                    movedFields.Add(field);
                }
                causes.AddRange(moved.Select(r => PipelineMessages.NewId(r.Ref, r.Verb!)));
            }
            // A stop or failure in an earlier run left it pointing at the old half of a replaced object.
            foreach (var old in Stale[desired.Ref])
            {
                // Stryker disable once Linq : an old half is stale for an object only through a field that references it
                var field = desired.References.Where(f => f.Value.Contains(old.Of)).Select(f => f.Key).FirstOrDefault();
                if (field is not null && !changes.ReplacePaths.Contains(field) && !movedFields.Contains(field))
                {
                    movedFields.Add(field);
                }
                causes.Add(PipelineMessages.StillUsesOld(old.Of, old.Id));
            }

            if (causes.Count == 0)
            {
                var state = StateStep(desired, record.Inputs.Enabled ?? DataflowSwitch.CreatedEnabled);
                return changes.HasChanges
                    ? new PipelineChange.Update(desired.Ref, desired, record, changes) { StateAction = state }
                    : new PipelineChange.Unchanged(desired.Ref, desired, record) { StateAction = state };
            }
            var replacement = new ConnectionChanges([.. changes.ChangedPaths, .. movedFields], [.. changes.ReplacePaths, .. movedFields], []);
            return new PipelineChange.Replace(desired.Ref, desired, record, replacement, causes) { StateAction = StateStep(desired, DataflowSwitch.CreatedEnabled) };
        }

        private PipelineChange DecideUnrecorded(DesiredPipelineObject desired)
        {
            var info = PipelineKindInfo.Of(desired.Kind);
            var lookup = NameMatches.TryGetValue(new PipelineName(desired.Kind, desired.Name), out var found)
                ? found : new PipelineNameLookup([], NameMatchPolicy.NotLookedUp);
            return NameMatchPolicy.Decide(lookup.Matches, lookup.Error, o => o.Id, Reserved, Policy) switch
            {
                NameMatchDecision<PipelineObject>.LookupFailed failed => new PipelineChange.Refused(desired.Ref, ConnectionAction.Create, failed.Error),
                NameMatchDecision<PipelineObject>.Create create => new PipelineChange.Create(desired.Ref, desired, create.Preexisting)
                {
                    StateAction = StateStep(desired, DataflowSwitch.CreatedEnabled),
                },
                NameMatchDecision<PipelineObject>.Ambiguous ambiguous => new PipelineChange.Refused(desired.Ref, ConnectionAction.Adopt,
                    ReconcileMessages.Ambiguous(info.Noun, desired.Name, ambiguous.Ids)),
                NameMatchDecision<PipelineObject>.AdoptOne one => DecideAdopt(desired, one.Match),
                _ => throw new System.Diagnostics.UnreachableException(),
            };
        }

        /// <summary>Adopting compares against what the service shows, references by the ids this plan knows; what no
        /// PATCH can reach refuses the adoption, with the same words as for a base connection.</summary>
        private PipelineChange DecideAdopt(DesiredPipelineObject desired, PipelineObject existing)
        {
            var changes = PipelineDiff.CompareWithService(existing, desired, r => FateOf(r).KnownId);
            if (changes.RequiresReplace)
            {
                // Stryker disable once NullCoalescing : the existing object was found by exactly the desired name
                return new PipelineChange.Refused(desired.Ref, ConnectionAction.Adopt,
                    ReconcileMessages.NotAdoptable(PipelineKindInfo.Of(desired.Kind).Noun, existing.Name ?? desired.Name, existing.Id, changes.ReplacePaths));
            }
            return new PipelineChange.Adopt(desired.Ref, desired, existing, changes) { StateAction = StateStep(desired, DataflowSwitch.Served(existing.State)) };
        }
    }

    /// <summary>The action that brings a dataflow from <paramref name="current"/> to its declared state; null for
    /// the other kinds and when nothing needs doing (<see cref="DataflowSwitch"/>).</summary>
    private static FlowStateAction? StateStep(DesiredPipelineObject desired, bool? current) =>
        desired.Kind == PipelineKind.Dataflow ? DataflowSwitch.Needed(desired.Enabled, current) : null;
}

/// <summary>The dataflow states the service reports once a switch has settled (OAS: <c>state</c> of a flow).</summary>
public static class DataflowStates
{
    public const string Enabled = "enabled";
    public const string Disabled = "disabled";
}
