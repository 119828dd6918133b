using System.Collections.Concurrent;
using Provisioner.Core.Pipeline;

namespace Provisioner.Core.Reconciliation;

/// <summary>Apply of a plan with pipeline objects: the same per-key rules as base connections, run in the plan's
/// waves (<see cref="PipelinePlan.Waves"/>).</summary>
public sealed partial class ConnectionReconciler
{
    /// <summary>
    /// Runs the waves one after the other, the steps of a wave in parallel (<see cref="ReconcilerOptions.MaxParallelism"/>).
    /// Base connection steps go through the same per-change code as a plan without pipeline, except that a base
    /// connection's replacement is split in two (the new one in the write wave, the old one deleted in the delete
    /// wave, after the objects that used it). Pipeline steps go through <see cref="PipelineObjectWriter"/>; a create's
    /// references are filled from the ids the earlier waves wrote. A failed object blocks only what needs it: its
    /// dependants' writes, and the deletes of what its old version still uses. Everything written is in the result's
    /// state; cancellation stops starting steps, as for base connections.
    /// </summary>
    private async Task<ApplyResult> ApplyWavesAsync(ReconcilePlan plan, IProgress<ReconcileProgress>? progress, CancellationToken stopStarting,
        CancellationToken cancellationToken)
    {
        var run = new WaveRun(this, plan, progress);
        run.ReportRefusalsAndForget();
        foreach (var wave in plan.Pipeline.Waves)
        {
            // Stryker disable once Initializer : the bound on steps at once changes timing, not what is written or recorded
            await Parallel.ForEachAsync(wave.Steps, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism }, async (step, _) =>
                await run.RunAsync(step, stopStarting, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
        return run.Result();
    }

    /// <summary>The bookkeeping of one wave apply: what is recorded now, which objects failed, which steps are left.</summary>
    private sealed class WaveRun
    {
        private readonly ConnectionReconciler _owner;
        private readonly ReconcilePlan _plan;
        private readonly IProgress<ReconcileProgress>? _progress;
        private readonly ConcurrentDictionary<string, RecordedConnection> _connections;
        private readonly ConcurrentDictionary<ObjectRef, RecordedPipelineObject> _pipeline;
        private readonly Dictionary<string, PlannedChange> _baseChanges;
        private readonly Dictionary<ObjectRef, PipelineChange> _pipelineChanges;
        private readonly IReadOnlySet<string> _reservedConnections;
        private readonly IReadOnlySet<string> _recordedPipelineIds;
        private readonly ILookup<ObjectRef, ObjectRef> _recordedUsers;
        private readonly ConcurrentDictionary<ObjectRef, bool> _failed = new();
        private readonly Dictionary<ObjectRef, int> _stepsLeft;
        private readonly ConcurrentDictionary<ObjectRef, AppliedChange> _baseDone = new();
        private readonly ConcurrentDictionary<ObjectRef, bool> _recovered = new();
        private readonly Dictionary<ObjectRef, SupersededObject> _oldHalves;
        // Old halves on the service, by id: the recorded ones, plus each replacement's as soon as its new half is recorded.
        private readonly ConcurrentDictionary<string, SupersededObject> _superseded;
        private readonly ConcurrentBag<AppliedChange> _applied = [];
        private readonly ConcurrentBag<KeyError> _errors = [];
        private readonly int _total;
        private int _completed;

        public WaveRun(ConnectionReconciler owner, ReconcilePlan plan, IProgress<ReconcileProgress>? progress)
        {
            _owner = owner;
            _plan = plan;
            _progress = progress;
            _connections = new ConcurrentDictionary<string, RecordedConnection>(plan.Recorded.Connections, StringComparer.Ordinal);
            _pipeline = new ConcurrentDictionary<ObjectRef, RecordedPipelineObject>(plan.Recorded.Pipeline);
            _baseChanges = plan.Changes.ToDictionary(c => c.Key, StringComparer.Ordinal);
            _oldHalves = plan.Pipeline.Changes.OfType<PipelineChange.DeleteSuperseded>().ToDictionary(c => c.Ref, c => c.Old);
            _superseded = new ConcurrentDictionary<string, SupersededObject>(plan.Recorded.Superseded.Select(o => KeyValuePair.Create(o.Id, o)), StringComparer.Ordinal);
            // Stryker disable once Logical : entries for base connections or old halves are never looked up in this map
            _pipelineChanges = plan.Pipeline.Changes.Where(c => c.Ref.Kind is not null && !_oldHalves.ContainsKey(c.Ref)).ToDictionary(c => c.Ref);
            // A connection recorded under a key that stays (or is replaced) is that key's: never taken for another create.
            _reservedConnections = plan.Changes.Select(c => c switch
            {
                PlannedChange.Unchanged u => u.Recorded.Id,
                PlannedChange.Update u => u.Recorded.Id,
                PlannedChange.Replace r => r.Recorded.Id,
                _ => null,
            }).OfType<string>().ToHashSet(StringComparer.Ordinal);
            _recordedPipelineIds = plan.Recorded.Pipeline.Values.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            _recordedUsers = plan.Recorded.Pipeline.Values
                .SelectMany(r => r.Inputs.References.Values.SelectMany(refs => refs), (r, used) => (Used: used, User: r.Ref))
                .Distinct().ToLookup(u => u.Used, u => u.User);
            _stepsLeft = plan.Pipeline.Waves.SelectMany(w => w.Steps).GroupBy(s => s.Ref).ToDictionary(g => g.Key, g => g.Count());
            _total = _stepsLeft.Count + plan.Errors.Count() + plan.Pipeline.Errors.Count();
        }

        private static string KeyOf(ObjectRef at) => at.Kind is null ? at.Key : at.ToString();

        private ConnectionAction ActionOf(ObjectRef at) =>
            _oldHalves.ContainsKey(at) ? ConnectionAction.Delete : at.Kind is null ? _baseChanges[at.Key].Action : _pipelineChanges[at].Action;

        /// <summary>Refusals are reported before any write; forgetting touches only the record.</summary>
        public void ReportRefusalsAndForget()
        {
            foreach (var refused in _plan.Errors)
            {
                Fail(ObjectRef.BaseConnection(refused.Key), new KeyError(refused.Key, refused.Action, refused.Error!));
            }
            foreach (var refused in _plan.Pipeline.Errors)
            {
                Fail(refused.Ref, new KeyError(KeyOf(refused.Ref), refused.Action, refused.Error!));
            }
            foreach (var forget in _plan.Changes.OfType<PlannedChange.Forget>())
            {
                _connections.TryRemove(forget.Key, out _);
                _applied.Add(new AppliedChange(forget.Key, forget.Action, null, null));
            }
            foreach (var forget in _plan.Pipeline.Changes.OfType<PipelineChange.Forget>())
            {
                _pipeline.TryRemove(forget.Ref, out _);
                _applied.Add(new AppliedChange(KeyOf(forget.Ref), forget.Action, null, null));
            }
        }

        public async Task RunAsync(PipelineStep step, CancellationToken stopStarting, CancellationToken cancellationToken)
        {
            var at = step.Ref;
            if (_failed.ContainsKey(at))
            {
                return; // its failure is reported once
            }
            // A stop comes first: what it keeps from starting blocks nothing, it is simply not started. An old dataflow
            // is deleted before its successor is created, so a stop there has done nothing for the key yet.
            if (stopStarting.IsCancellationRequested || cancellationToken.IsCancellationRequested)
            {
                var message = IsOldHalfAfterCreate(step) ? ReconcileMessages.OldNotStarted(NounOf(at), OldIdOf(at)!)
                    : _oldHalves.TryGetValue(at, out var old) ? ReconcileMessages.OldStillRecorded(NounOf(at), old.Id)
                    : ReconcileMessages.NotStarted;
                Fail(at, new KeyError(KeyOf(at), ActionOf(at), message, NotStarted: true), report: false);
                return;
            }
            var blockers = BlockersOf(step);
            if (blockers.Length > 0)
            {
                var why = ReconcileMessages.BlockedBy(blockers.Select(b => b.ToString()));
                Fail(at, new KeyError(KeyOf(at), ActionOf(at), IsOldHalfAfterCreate(step) || _oldHalves.ContainsKey(at)
                    ? ReconcileMessages.OldNotDeleted(NounOf(at), OldIdOf(at)!, why) : why));
                return;
            }
            if (IsFirstStep(at))
            {
                _progress?.Report(new ReconcileProgress(KeyOf(at), ActionOf(at), ProgressStage.Started, Volatile.Read(ref _completed), _total));
            }
            try
            {
                await ExecuteAsync(step, cancellationToken).ConfigureAwait(false);
            }
            // Stryker disable once Logical,Equality,Boolean : the excluded exceptions are process-fatal and cannot be provoked by a test
            catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException or AccessViolationException))
            {
                // Every failure stays with its object: escaping would throw away the state of everything written.
                var error = Describe(KeyOf(at), ActionOf(at), AddressedIdOf(step), e);
                if (step.Kind == PipelineStepKind.DeleteReplaced || _oldHalves.ContainsKey(at))
                {
                    error = error with { Message = IsOldHalfAfterCreate(step) || _oldHalves.ContainsKey(at) ? ReconcileMessages.OldNotDeleted(NounOf(at), OldIdOf(at)!, error.Message)
                        : ReconcileMessages.OldFlowNotDeleted(OldIdOf(at)!, error.Message) };
                }
                Fail(at, error);
                return;
            }
            if (StepDone(at))
            {
                _applied.Add(Applied(at));
                _progress?.Report(new ReconcileProgress(KeyOf(at), ActionOf(at), ProgressStage.Succeeded, Interlocked.Increment(ref _completed), _total));
            }
        }

        public ApplyResult Result() => new(
            RecordedState.From(_connections) with
            {
                Pipeline = RecordedState.PipelineFrom(_pipeline.Values),
                Superseded = [.. _superseded.Values.Select(StillUsing).OrderBy(o => o.PlanRef, ObjectRefOrder.Instance)],
            },
            _applied.OrderBy(a => a.Key, StringComparer.Ordinal).ToArray(),
            _errors.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray());

        /// <summary>An old half's users that still point at it: the recorded objects that used its key when the plan
        /// was made (or that an earlier run found still using it) and that still have the id they had then.</summary>
        private SupersededObject StillUsing(SupersededObject old)
        {
            var candidates = _plan.Recorded.Superseded.Any(o => o.Id == old.Id) ? old.UsedBy : _recordedUsers[old.Of];
            return old with
            {
                UsedBy = candidates.Where(u => _pipeline.TryGetValue(u, out var now) && _plan.Recorded.Pipeline.TryGetValue(u, out var then) && now.Id == then.Id)
                    .Distinct().Order(ObjectRefOrder.Instance).ToArray(),
            };
        }

        /// <summary>The old half of <paramref name="at"/>'s replacement is on the service until its delete: recorded from
        /// the moment the new half is.</summary>
        private void Supersede(ObjectRef at) =>
            _superseded[OldIdOf(at)!] = new SupersededObject(at, OldIdOf(at)!, []);

        /// <summary>What must have succeeded before <paramref name="step"/> may run: for a write or a switch, the
        /// objects it references; for a delete, the recorded objects that used the old one (a dataflow whose
        /// replacement or delete failed still uses its source connection and base connection).</summary>
        private ObjectRef[] BlockersOf(PipelineStep step)
        {
            // An old dataflow is deleted just before its successor's create, so it waits for what the create needs.
            IEnumerable<ObjectRef> needs = _oldHalves.TryGetValue(step.Ref, out var old) ? old.UsedBy
                : step.Kind is PipelineStepKind.Delete || IsOldHalfAfterCreate(step) ? _recordedUsers[step.Ref]
                : step.Ref.Kind is null ? [] : _pipelineChanges[step.Ref] switch
                {
                    PipelineChange.Create c => c.Desired.References.Values.SelectMany(r => r),
                    PipelineChange.Adopt a => a.Desired.References.Values.SelectMany(r => r),
                    PipelineChange.Update u => u.Desired.References.Values.SelectMany(r => r),
                    PipelineChange.Replace r => r.Desired.References.Values.SelectMany(x => x),
                    _ => [],
                };
            return needs.Distinct().Where(_failed.ContainsKey).Order(ObjectRefOrder.Instance).ToArray();
        }

        private Task ExecuteAsync(PipelineStep step, CancellationToken cancellationToken) =>
            _oldHalves.TryGetValue(step.Ref, out var old) ? DeleteOldAsync(old, cancellationToken)
                : step.Ref.Kind is null ? ExecuteBaseAsync(step, _baseChanges[step.Ref.Key], cancellationToken)
                : ExecutePipelineAsync(step, _pipelineChanges[step.Ref], cancellationToken);

        /// <summary>Deletes an old half recorded by an earlier run; gone already (404) counts as deleted.</summary>
        private async Task DeleteOldAsync(SupersededObject old, CancellationToken cancellationToken)
        {
            if (old.Of.Kind is { } kind)
            {
                var writer = _owner._writer ?? throw new ReconcileException(ReconcileMessages.NoPipelineClient);
                await writer.DeleteAsync(kind, old.Id, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _owner.DeleteAsync(old.Id, cancellationToken).ConfigureAwait(false);
            }
            _superseded.TryRemove(old.Id, out _);
        }

        private async Task ExecuteBaseAsync(PipelineStep step, PlannedChange change, CancellationToken cancellationToken)
        {
            switch (step.Kind, change)
            {
                case (PipelineStepKind.CreateReplacement, PlannedChange.Replace replace):
                    // The old connection stays until nothing uses it (the delete wave); reserved, it is never taken
                    // for the new one. The plan looked no name up for a recorded key: look it up before the POST.
                    var created = await _owner.EnsureCreatedAsync(replace.Key, replace.Desired, _connections, _reservedConnections, lookUpFirst: true,
                        cancellationToken).ConfigureAwait(false);
                    _baseDone[step.Ref] = created with { Action = ConnectionAction.Replace };
                    Supersede(step.Ref);
                    break;
                case (PipelineStepKind.DeleteReplaced, PlannedChange.Replace replace):
                    await _owner.DeleteAsync(replace.Recorded.Id, cancellationToken).ConfigureAwait(false);
                    _superseded.TryRemove(replace.Recorded.Id, out _);
                    break;
                default:
                    _baseDone[step.Ref] = await _owner.ExecuteAsync(change, _connections, _reservedConnections, _owner.LookupIsFresh(_plan),
                        cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        private async Task ExecutePipelineAsync(PipelineStep step, PipelineChange change, CancellationToken cancellationToken)
        {
            var writer = _owner._writer ?? throw new ReconcileException(ReconcileMessages.NoPipelineClient);
            var at = step.Ref;
            var kind = at.Kind!.Value;
            switch (step.Kind, change)
            {
                case (PipelineStepKind.Create, PipelineChange.Create create):
                {
                    var notOurs = _recordedPipelineIds.Concat(create.Preexisting.Select(p => p.Id)).ToHashSet(StringComparer.Ordinal);
                    if (!_owner.LookupIsFresh(_plan)())
                    {
                        await CheckNothingAppearedAsync(writer, create.Desired, notOurs, cancellationToken).ConfigureAwait(false);
                    }
                    await CreateAsync(writer, create.Desired, change.StateAction, notOurs, cancellationToken).ConfigureAwait(false);
                    break;
                }
                case (PipelineStepKind.CreateReplacement, PipelineChange.Replace replace):
                    // The old object (recorded, so never taken) keeps serving until the delete wave — except an old
                    // dataflow, deleted in the wave before (PipelineWaves), so two flows never run side by side. A run
                    // killed after this POST committed but before its state was saved left the new object unrecorded: take it.
                    if (!await AdoptUnrecordedTwinAsync(writer, replace.Desired, change.StateAction, cancellationToken).ConfigureAwait(false))
                    {
                        await CreateAsync(writer, replace.Desired, change.StateAction, _recordedPipelineIds, cancellationToken).ConfigureAwait(false);
                    }
                    if (!PipelineKindInfo.Of(kind).DeleteBeforeReplace)
                    {
                        Supersede(at); // an old dataflow is gone already: recording it would plan a needless delete next run
                    }
                    break;
                case (PipelineStepKind.Adopt, PipelineChange.Adopt adopt):
                {
                    var result = new ConnectionRef(adopt.Existing.Id, adopt.Existing.Etag);
                    if (adopt.Changes.Patch.Count > 0)
                    {
                        result = await writer.UpdateAsync(kind, result.Id, result.Etag, adopt.Changes.Patch, cancellationToken).ConfigureAwait(false);
                    }
                    Record(at, result, adopt.Desired, change.StateAction);
                    break;
                }
                case (PipelineStepKind.Update, PipelineChange.Update update):
                {
                    ConnectionRef updated;
                    try
                    {
                        updated = await writer.UpdateAsync(kind, update.Recorded.Id, update.Recorded.Etag, update.Changes.Patch, cancellationToken).ConfigureAwait(false);
                    }
                    catch (FlowServiceException e) when (e.IsNotFound)
                    {
                        // Deleted behind our back: forget it so the next run creates it again.
                        _pipeline.TryRemove(at, out _);
                        throw new ReconcileException(ReconcileMessages.Gone(update.Recorded.Id), e);
                    }
                    Record(at, updated, update.Desired, change.StateAction);
                    break;
                }
                case (PipelineStepKind.Enable or PipelineStepKind.Disable, _):
                {
                    var current = _pipeline[at];
                    var enabled = step.Kind == PipelineStepKind.Enable;
                    var switched = await writer.SetEnabledAsync(current.Id, enabled, cancellationToken).ConfigureAwait(false);
                    _pipeline[at] = current with { Etag = switched.Etag, Inputs = current.Inputs with { Enabled = enabled } };
                    break;
                }
                case (PipelineStepKind.Delete, PipelineChange.Delete delete):
                    await writer.DeleteAsync(kind, delete.Recorded.Id, cancellationToken).ConfigureAwait(false);
                    _pipeline.TryRemove(at, out _);
                    break;
                case (PipelineStepKind.DeleteReplaced, PipelineChange.Replace replace):
                    await writer.DeleteAsync(kind, replace.Recorded.Id, cancellationToken).ConfigureAwait(false);
                    _superseded.TryRemove(replace.Recorded.Id, out _);
                    break;
                default:
                    // Stryker disable once Statement,String : unreachable: the waves only hold steps of their object's decision
                    throw new InvalidOperationException($"no {step.Kind} step for {change.GetType().Name}");
            }
        }

        /// <summary>A plan too old to stand as the duplicate guard (<see cref="ReconcilerOptions.PlanLookupValidity"/>):
        /// if an object of the name appeared since, creating would duplicate it and adopting needs a fresh decision.</summary>
        private static async Task CheckNothingAppearedAsync(PipelineObjectWriter writer, DesiredPipelineObject desired, HashSet<string> notOurs,
            CancellationToken cancellationToken)
        {
            var appeared = (await writer.FindByNameAsync(desired.Kind, desired.Name, cancellationToken).ConfigureAwait(false))
                .Where(o => !notOurs.Contains(o.Id)).Select(o => o.Id).ToArray();
            if (appeared.Length > 0)
            {
                throw new ReconcileException(ReconcileMessages.AppearedSincePlan(PipelineKindInfo.Of(desired.Kind).Noun, desired.Name, appeared));
            }
        }

        /// <summary>Looks the replacement's name up before its POST, as a base connection's replacement does: one
        /// object of that name that nothing records (not the old one, not another key's) and that already is what the
        /// definition asks is recorded instead of a second one. True when one was taken.</summary>
        private async Task<bool> AdoptUnrecordedTwinAsync(PipelineObjectWriter writer, DesiredPipelineObject desired, FlowStateAction? stateAction,
            CancellationToken cancellationToken)
        {
            var recorded = _recordedPipelineIds.Concat(_superseded.Keys).Concat(_pipeline.Values.Select(r => r.Id)).ToHashSet(StringComparer.Ordinal);
            var twins = (await writer.FindByNameAsync(desired.Kind, desired.Name, cancellationToken).ConfigureAwait(false))
                .Where(o => !recorded.Contains(o.Id) && !PipelineDiff.CompareWithService(o, desired, KnownIdOf).HasChanges).ToArray();
            if (twins is not [var twin])
            {
                return false; // none, or several alike: create beside them, as a create under the plan's policy would
            }
            Record(desired.Ref, new ConnectionRef(twin.Id, twin.Etag), desired, stateAction);
            return true;
        }

        private string? KnownIdOf(ObjectRef used) =>
            used.Kind is null ? _connections.GetValueOrDefault(used.Key)?.Id : _pipeline.GetValueOrDefault(used)?.Id;

        private async Task CreateAsync(PipelineObjectWriter writer, DesiredPipelineObject desired, FlowStateAction? stateAction, IReadOnlySet<string> notOurs,
            CancellationToken cancellationToken)
        {
            var request = desired.ToRequest(IdOf);
            SafeCreateResult created;
            try
            {
                created = await writer.CreateSettledAsync(desired.Kind, request, notOurs, cancellationToken).ConfigureAwait(false);
            }
            catch (UnsettledCreateException unsettled) when (unsettled.Committed is { } committed)
            {
                // Cut off mid-POST, but the service had committed it: recorded exactly as if the answer had arrived.
                created = new SafeCreateResult(committed, Recovered: true, Attempts: 1);
            }
            _recovered[desired.Ref] = created.Recovered;
            Record(desired.Ref, created.Connection, desired, stateAction);
            if (stateAction is { } pending)
            {
                // Switched inside its own step (a dataflow created disabled never runs until a later wave); should
                // the switch fail, the record says what the flow has, so the next plan switches it again.
                var switched = await writer.SetEnabledAsync(created.Connection.Id, pending == FlowStateAction.Enable, cancellationToken).ConfigureAwait(false);
                Record(desired.Ref, switched, desired, stateAction: null);
            }
        }

        /// <summary>The recorded inputs say which state the dataflow has after this write: the declared one unless
        /// a switch is still to come (then the opposite), so a switch that fails is planned again.</summary>
        private void Record(ObjectRef at, ConnectionRef written, DesiredPipelineObject desired, FlowStateAction? stateAction) =>
            _pipeline[at] = new RecordedPipelineObject(desired.Kind, desired.Key, written.Id, written.Etag,
                stateAction is { } pending ? desired with { Enabled = pending == FlowStateAction.Disable } : desired);

        /// <summary>The id a reference points at now: earlier waves have written every referenced object.</summary>
        private string IdOf(ObjectRef used)
        {
            // Stryker disable once String : unreachable: a step runs only after every object it references was written
            return KnownIdOf(used) ?? throw new ReconcileException($"{used} has no id yet, so nothing can point at it");
        }

        private AppliedChange Applied(ObjectRef at)
        {
            if (at.Kind is null)
            {
                return _baseDone.TryGetValue(at, out var done) ? done : new AppliedChange(at.Key, ActionOf(at), null, null);
            }
            var record = _pipeline.GetValueOrDefault(at);
            return new AppliedChange(KeyOf(at), ActionOf(at), record?.Id, record?.Etag, _recovered.GetValueOrDefault(at));
        }

        /// <summary>The old half of a replacement deleted after its successor's create (every kind but a dataflow:
        /// <see cref="PipelineWaves"/>).</summary>
        private static bool IsOldHalfAfterCreate(PipelineStep step) =>
            step.Kind == PipelineStepKind.DeleteReplaced && !(step.Ref.Kind is { } kind && PipelineKindInfo.Of(kind).DeleteBeforeReplace);

        private static string NounOf(ObjectRef at) => at.Kind is { } kind ? PipelineKindInfo.Of(kind).Noun : ReconcileMessages.BaseConnectionNoun;

        private string? OldIdOf(ObjectRef at) => _oldHalves.TryGetValue(at, out var old) ? old.Id : at.Kind is null
            ? (_baseChanges[at.Key] as PlannedChange.Replace)?.Recorded.Id
            : (_pipelineChanges[at] as PipelineChange.Replace)?.Recorded.Id;

        /// <summary>The id a step addresses, for 404/412 wording; null for a create.</summary>
        private string? AddressedIdOf(PipelineStep step) => step.Kind switch
        {
            PipelineStepKind.Create or PipelineStepKind.CreateReplacement => null,
            PipelineStepKind.DeleteReplaced => OldIdOf(step.Ref),
            _ when _oldHalves.ContainsKey(step.Ref) => OldIdOf(step.Ref),
            PipelineStepKind.Adopt => step.Ref.Kind is null ? (_baseChanges[step.Ref.Key] as PlannedChange.Adopt)?.Existing.Id
                : (_pipelineChanges[step.Ref] as PipelineChange.Adopt)?.Existing.Id,
            _ => step.Ref.Kind is null ? _connections.GetValueOrDefault(step.Ref.Key)?.Id : _pipeline.GetValueOrDefault(step.Ref)?.Id,
        };

        private bool IsFirstStep(ObjectRef at)
        {
            lock (_stepsLeft)
            {
                return _plan.Pipeline.Waves.SelectMany(w => w.Steps).Count(s => s.Ref == at) == _stepsLeft[at];
            }
        }

        /// <summary>Counts a step of <paramref name="at"/> done; true when it was its last.</summary>
        private bool StepDone(ObjectRef at)
        {
            lock (_stepsLeft)
            {
                return --_stepsLeft[at] == 0;
            }
        }

        private void Fail(ObjectRef at, KeyError error, bool report = true)
        {
            // Stryker disable once Boolean : the map's values are never read, only its keys
            if (!_failed.TryAdd(at, true))
            {
                return;
            }
            _errors.Add(error);
            if (report)
            {
                _progress?.Report(new ReconcileProgress(error.Key, error.Action, ProgressStage.Failed, Interlocked.Increment(ref _completed), _total, error.Message));
            }
        }
    }
}
