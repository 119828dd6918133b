using System.Collections.Concurrent;
using Provisioner.Core.Pipeline;
using Provisioner.FlowService;
using Provisioner.FlowService.Batching;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>
/// The one reconciler (plan → apply) behind the CLI and the Pulumi set resource. Host-neutral: it takes desired
/// entries and recorded state and returns a plan, then new recorded state plus per-key errors; persisting state,
/// printing and exit codes are the host's job.
/// </summary>
public sealed partial class ConnectionReconciler
{
    private readonly IFlowServiceClient _client;
    private readonly IFlowPipelineClient? _pipelineClient;
    private readonly ReconcilerOptions _options;
    private readonly SafeConnectionCreator _creator;
    private readonly PipelineObjectWriter? _writer;

    /// <summary>A reconciler over <paramref name="client"/>; pipeline objects are written through the same client
    /// object when it is also an <see cref="IFlowPipelineClient"/> (as <see cref="FlowServiceClient"/> and
    /// <see cref="FlowServiceClientHandle"/> are).</summary>
    public ConnectionReconciler(IFlowServiceClient client, ReconcilerOptions? options = null)
        : this(client, client as IFlowPipelineClient, options)
    {
    }

    /// <summary>A reconciler whose pipeline objects go through <paramref name="pipelineClient"/>; null when the host has
    /// none (then a plan with pipeline work is refused with a clear error).</summary>
    public ConnectionReconciler(IFlowServiceClient client, IFlowPipelineClient? pipelineClient, ReconcilerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _pipelineClient = pipelineClient;
        _options = options ?? new ReconcilerOptions();
        if (_options.MaxParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxParallelism must be at least 1");
        }
        _creator = new SafeConnectionCreator(client, _options.MaxCreateAttempts);
        _writer = pipelineClient is null ? null : new PipelineObjectWriter(pipelineClient, _options.MaxCreateAttempts);
    }

    /// <summary>Decides one action per key. Reads only: keys not in state are looked up by exact name — up to
    /// <see cref="ConnectionNameFilter.MaxNamesPerRequest"/> names per list request where the filter can carry them
    /// (one request per name otherwise), so a plan of many new keys costs a few requests, not one per key.</summary>
    public async Task<ReconcilePlan> PlanAsync(DesiredConnectionSet desired, RecordedState recorded, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(recorded);
        var unrecorded = desired.Entries.Values.Where(e => !recorded.Connections.ContainsKey(e.Key)).ToArray();
        var names = unrecorded.Select(e => e.Connection.Name).Distinct(StringComparer.Ordinal).ToArray();
        // Each batch fails or succeeds alone: a failed request marks only its own names' keys.
        var batches = InListFilter.Batches(names.Where(ConnectionNameFilter.CanShareRequest), ConnectionNameFilter.MaxNamesPerRequest)
            .Concat(names.Where(n => !ConnectionNameFilter.CanShareRequest(n)).Select(n => new[] { n }));
        var lookedUpAt = _options.TimeProvider.GetUtcNow(); // before the first lookup: the age is never understated
        var byName = new ConcurrentDictionary<string, NameLookup>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(batches, Parallelism(cancellationToken), async (batch, ct) =>
        {
            foreach (var (name, lookup) in await LookUpAsync(batch, ct).ConfigureAwait(false))
            {
                byName[name] = lookup;
            }
        }).ConfigureAwait(false);
        var lookups = unrecorded.ToDictionary(e => e.Key, e => byName[e.Connection.Name], StringComparer.Ordinal);
        var plan = Planner.Decide(desired, recorded, lookups, _options) with { NamesLookedUpAt = lookedUpAt };
        return await WithPipelineAsync(plan, desired, recorded, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Carries out a plan with bounded parallelism. Never throws for a key's failure, whatever its type: the result records what
    /// exists (successes applied to the plan's recorded state, failed keys as they were) plus one error per failed
    /// key. Cancellation stops starting new keys and is reported per key the same way.
    /// </summary>
    public Task<ApplyResult> ApplyAsync(ReconcilePlan plan, IProgress<ReconcileProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ApplyAsync(plan, progress, cancellationToken, cancellationToken);

    /// <summary>As <see cref="ApplyAsync(ReconcilePlan, IProgress{ReconcileProgress}?, CancellationToken)"/>, for a graceful
    /// stop (a host's first SIGINT/SIGTERM): once <paramref name="stopStarting"/> is cancelled no further key starts,
    /// while keys in flight go on until <paramref name="cancellationToken"/> cuts them off too.</summary>
    public async Task<ApplyResult> ApplyAsync(ReconcilePlan plan, IProgress<ReconcileProgress>? progress, CancellationToken stopStarting,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Pipeline.IsEmpty)
        {
            // Pipeline objects depend on base connections and on each other: the plan's waves order every write.
            return await ApplyWavesAsync(plan, progress, stopStarting, cancellationToken).ConfigureAwait(false);
        }
        var state = new ConcurrentDictionary<string, RecordedConnection>(plan.Recorded.Connections, StringComparer.Ordinal);
        var applied = new ConcurrentBag<AppliedChange>();
        var errors = new ConcurrentBag<KeyError>();
        var work = plan.Changes.Where(c => c.IsChange || c.Error is not null).ToArray();
        // A connection recorded under a key that stays is that key's: never taken for another key's create.
        var reserved = plan.Changes.Select(c => c switch
        {
            PlannedChange.Unchanged u => u.Recorded.Id,
            PlannedChange.Update u => u.Recorded.Id,
            PlannedChange.Replace r => r.Recorded.Id,
            _ => null,
        }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var completed = 0;

        // Cancellation is checked per key rather than handed to the loop, so that a cancelled apply still returns
        // the state of everything that finished.
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism }, async (change, _) =>
        {
            if (change.Error is not null)
            {
                errors.Add(new KeyError(change.Key, change.Action, change.Error));
                progress?.Report(new ReconcileProgress(change.Key, change.Action, ProgressStage.Failed, Interlocked.Increment(ref completed), work.Length, change.Error));
                return;
            }
            if (stopStarting.IsCancellationRequested || cancellationToken.IsCancellationRequested)
            {
                errors.Add(new KeyError(change.Key, change.Action, ReconcileMessages.NotStarted, NotStarted: true));
                return;
            }
            progress?.Report(new ReconcileProgress(change.Key, change.Action, ProgressStage.Started, Volatile.Read(ref completed), work.Length));
            try
            {
                var done = await ExecuteAsync(change, state, reserved, LookupIsFresh(plan), cancellationToken).ConfigureAwait(false);
                applied.Add(done);
                progress?.Report(new ReconcileProgress(change.Key, change.Action, ProgressStage.Succeeded, Interlocked.Increment(ref completed), work.Length));
            }
            // Stryker disable once Logical,Equality,Boolean : the excluded exceptions are process-fatal and cannot be provoked by a test
            catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException or AccessViolationException))
            {
                // Every failure stays with its key — including ones nobody expected (e.g. an ArgumentException from a
                // hand-edited state with an empty etag): escaping the loop would throw away the state of every key
                // already applied, and those connections would leak.
                var error = Describe(change, e);
                errors.Add(error);
                progress?.Report(new ReconcileProgress(change.Key, change.Action, ProgressStage.Failed, Interlocked.Increment(ref completed), work.Length, error.Message));
            }
        }).ConfigureAwait(false);

        return new ApplyResult(RecordedState.From(state),
            applied.OrderBy(a => a.Key, StringComparer.Ordinal).ToArray(),
            errors.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray());
    }

    /// <summary>
    /// Re-reads every recorded connection at list cost — ids in batches (<see cref="ConnectionReads.GetConnectionsByIdsAsync"/>),
    /// so 1000 connections take about 20 requests, not 1000. A connection absent from the answers is gone from the
    /// service and is dropped (the next plan creates it);
    /// otherwise the etag and the readable inputs (name, description, spec, auth type, non-secret params) are taken
    /// from the service, so out-of-band edits show up as changes in the next plan and a stale etag stops causing 412.
    /// Secret params cannot be read back (the service masks them) and keep their recorded form.
    /// </summary>
    public async Task<RefreshResult> RefreshAsync(RecordedState recorded, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var live = await _client.GetConnectionsByIdsAsync(recorded.Connections.Values.Select(r => r.Id).ToArray(),
            _options.MaxParallelism, cancellationToken).ConfigureAwait(false);
        var state = new Dictionary<string, RecordedConnection>(StringComparer.Ordinal);
        var gone = new List<string>();
        foreach (var (key, record) in recorded.Connections)
        {
            if (live.TryGetValue(record.Id, out var connection))
            {
                state[key] = Refreshed(record, connection);
            }
            else
            {
                gone.Add(key);
            }
        }
        var drifted = state.Where(s => Connections.ConnectionDiff.Compute(recorded.Connections[s.Key].Inputs, s.Value.Inputs).HasChanges)
            .Select(s => s.Key).Order(StringComparer.Ordinal).ToArray();
        // Old halves of replacements are not re-read: the next apply deletes them, and one already gone counts as deleted.
        var refreshed = new RefreshResult(RecordedState.From(state) with { Superseded = recorded.Superseded }, gone.Order(StringComparer.Ordinal).ToArray(), drifted);
        return recorded.Pipeline.IsEmpty ? refreshed : await RefreshPipelineAsync(recorded, refreshed, cancellationToken).ConfigureAwait(false);
    }

    private static RecordedConnection Refreshed(RecordedConnection record, Connection live) =>
        record with { Etag = live.Etag, Inputs = ConnectionRefresh.Derive(live, record.Inputs, record.SecretParams).Inputs };

    /// <summary>Whether the plan's name lookup still stands as the duplicate guard (<see cref="ReconcilerOptions.PlanLookupValidity"/>);
    /// asked per key when its turn comes, so a long apply switches to per-key lookups once the bound has passed.</summary>
    private Func<bool> LookupIsFresh(ReconcilePlan plan) => () =>
        plan.NamesLookedUpAt is { } at && _options.TimeProvider.GetUtcNow() - at < _options.PlanLookupValidity;

    private async Task<AppliedChange> ExecuteAsync(PlannedChange change, ConcurrentDictionary<string, RecordedConnection> state,
        IReadOnlySet<string> reserved, Func<bool> planLookupIsFresh, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case PlannedChange.Create create:
                // The plan found no connection with this name (or, never adopting, listed those it goes beside):
                // unless that answer is too old, POST right away.
                return await EnsureCreatedAsync(create.Key, create.Desired, state, Ids(reserved, create.Preexisting), lookUpFirst: !planLookupIsFresh(),
                    cancellationToken).ConfigureAwait(false);

            case PlannedChange.Adopt adopt:
                return await AdoptAsync(adopt, state, cancellationToken).ConfigureAwait(false);

            case PlannedChange.Update update:
            {
                var record = update.Recorded;
                ConnectionRef updated;
                try
                {
                    updated = await SafeConnectionUpdater.UpdateAsync(_client, record.Id, record.Etag, update.Changes.Patch, update.Desired.SecretParams,
                        cancellationToken).ConfigureAwait(false);
                }
                catch (FlowServiceException e) when (e.IsNotFound)
                {
                    // Deleted behind our back: forget it so the next run creates it again.
                    state.TryRemove(update.Key, out _);
                    throw new ReconcileException(ReconcileMessages.Gone(record.Id), e);
                }
                Record(state, update.Key, updated, update.Desired);
                return new AppliedChange(update.Key, update.Action, updated.Id, updated.Etag);
            }

            case PlannedChange.Replace replace:
                await DeleteAsync(replace.Recorded.Id, cancellationToken).ConfigureAwait(false);
                state.TryRemove(replace.Key, out _); // from here on, a failure leaves nothing behind to forget
                // The plan looked no name up for a recorded key: look it up before the POST.
                var created = await EnsureCreatedAsync(replace.Key, replace.Desired, state, reserved, lookUpFirst: true, cancellationToken).ConfigureAwait(false);
                return created with { Action = ConnectionAction.Replace };

            case PlannedChange.Delete delete:
                await DeleteAsync(delete.Recorded.Id, cancellationToken).ConfigureAwait(false);
                state.TryRemove(delete.Key, out _);
                return new AppliedChange(delete.Key, delete.Action, null, null);

            case PlannedChange.Forget forget:
                state.TryRemove(forget.Key, out _);
                return new AppliedChange(forget.Key, forget.Action, null, null);

            default:
                // Stryker disable once Statement,String : unreachable: apply only executes changes, and refusals are reported before
                throw new InvalidOperationException($"no work for {change.GetType().Name}");
        }
    }

    private static HashSet<string> Ids(IReadOnlySet<string> reserved, IEnumerable<Connection> more) =>
        reserved.Concat(more.Select(c => c.Id)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Creates duplicate-safely. With <paramref name="lookUpFirst"/> (a plan too old to trust, or a replace)
    /// the name is looked up right before the POST and what appeared meanwhile is adopted (or, never adopting, gone
    /// beside); otherwise the plan's own lookup is the guard. Either way a POST whose answer is lost is settled by
    /// name (<see cref="SafeConnectionCreator"/>), never taking a connection of <paramref name="notOurs"/> for it.</summary>
    private async Task<AppliedChange> EnsureCreatedAsync(string key, DesiredEntry entry, ConcurrentDictionary<string, RecordedConnection> state,
        IReadOnlySet<string> notOurs, bool lookUpFirst, CancellationToken cancellationToken)
    {
        if (lookUpFirst)
        {
            var matches = (await _client.FindConnectionsByNameAsync(entry.Connection.Name, cancellationToken).ConfigureAwait(false))
                .Where(c => !notOurs.Contains(c.Id)).ToArray();
            switch (Planner.DecideUnrecorded(key, entry, new NameLookup(matches), notOurs, _options.CreatePolicy))
            {
                case PlannedChange.Refused refused:
                    throw new ReconcileException(refused.Reason);
                case PlannedChange.Adopt adopt:
                    return await AdoptAsync(adopt, state, cancellationToken).ConfigureAwait(false);
                case PlannedChange.Create create:
                    notOurs = Ids(notOurs, create.Preexisting);
                    break;
            }
        }
        SafeCreateResult created;
        try
        {
            created = await _creator.CreateAsync(entry.Connection.ToCreateRequest(), notOurs, cancellationToken).ConfigureAwait(false);
        }
        catch (UnsettledCreateException unsettled) when (unsettled.Committed is { } committed)
        {
            // Cancelled (or timed out) mid-POST, but the service had committed it: the connection exists and is now
            // recorded exactly as if the answer had arrived — leaving it out of state would leak it.
            created = new SafeCreateResult(committed, Recovered: true, Attempts: 1);
        }
        Record(state, key, created.Connection, entry);
        return new AppliedChange(key, ConnectionAction.Create, created.Connection.Id, created.Connection.Etag, created.Recovered);
    }

    private async Task<AppliedChange> AdoptAsync(PlannedChange.Adopt adopt, ConcurrentDictionary<string, RecordedConnection> state, CancellationToken cancellationToken)
    {
        var existing = adopt.Existing;
        var result = new ConnectionRef(existing.Id, existing.Etag);
        if (adopt.Changes.Patch.Count > 0)
        {
            result = await SafeConnectionUpdater.UpdateAsync(_client, existing.Id, existing.Etag, adopt.Changes.Patch, adopt.Desired.SecretParams,
                cancellationToken).ConfigureAwait(false);
        }
        Record(state, adopt.Key, result, adopt.Desired);
        return new AppliedChange(adopt.Key, ConnectionAction.Adopt, result.Id, result.Etag);
    }

    private async Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        _ = await _client.DeleteConnectionAsync(id, cancellationToken).ConfigureAwait(false); // false = already gone: fine

    private void Record(ConcurrentDictionary<string, RecordedConnection> state, string key, ConnectionRef connection, DesiredEntry entry) =>
        state[key] = new RecordedConnection(connection.Id, connection.Etag, _options.SecretRecorder.RecordedForm(entry), entry.SecretParams);

    /// <summary>One name alone (<see cref="IFlowServiceClient.FindConnectionsByNameAsync"/>) or a batch that can share
    /// a filter (<see cref="IFlowServiceClient.FindConnectionsByNamesAsync"/>); a failure becomes each name's error.</summary>
    private async Task<IEnumerable<KeyValuePair<string, NameLookup>>> LookUpAsync(string[] names, CancellationToken cancellationToken)
    {
        try
        {
            // One name alone goes through the single-name lookup, which the client coalesces with other callers'
            // (many single-resource creates at once share list requests).
            if (names is [var single])
            {
                var matches = await _client.FindConnectionsByNameAsync(single, cancellationToken).ConfigureAwait(false);
                return [new(single, new NameLookup(matches))];
            }
            var found = await _client.FindConnectionsByNamesAsync(names, cancellationToken).ConfigureAwait(false);
            return names.Select(n => new KeyValuePair<string, NameLookup>(n, new NameLookup(found.TryGetValue(n, out var m) ? m : [])));
        }
        catch (FlowServiceException e) when (!e.IsAuthenticationFailure && !e.IsServiceUnavailable)
        {
            // Only a failure of these names stays with their keys; refused credentials or an outage stop the plan once.
            return names.Select(n => new KeyValuePair<string, NameLookup>(n, new NameLookup([], $"could not look up connections named '{n}': {e.Message}")));
        }
    }

    private static KeyError Describe(PlannedChange change, Exception e) => Describe(change.Key, change.Action, ConnectionIdOf(change), e);

    /// <summary>One failure of one key in words, for every kind (<paramref name="id"/>: the object the write addressed, if any).</summary>
    private static KeyError Describe(string key, ConnectionAction action, string? id, Exception e)
    {
        var verb = action.ToString().ToLowerInvariant();
        if (e is UnsettledCreateException unsettled)
        {
            // The object may exist although nothing records it, so the host must not report this key as
            // cleanly failed.
            return new KeyError(key, action, $"{verb} failed: {unsettled.Message}", e, OutcomeUnknown: true);
        }
        if (e is AmbiguousConnectionException ambiguous)
        {
            // Apply meets ambiguity only in the creator, after a POST whose answer was lost (before a POST, ambiguity
            // is a refusal): one of them may be ours.
            return new KeyError(key, action,
                $"{verb} failed: {ReconcileMessages.AmbiguousAfterCreate(ambiguous.Name, ambiguous.Ids, ambiguous.Noun, ambiguous.PulumiType)}", e,
                OutcomeUnknown: true);
        }
        var message = e switch
        {
            FlowServiceException { IsPreconditionFailed: true } => ReconcileMessages.ChangedElsewhere(id),
            FlowServiceException { IsNotFound: true } when id is not null => ReconcileMessages.Gone(id),
            OperationCanceledException => ReconcileMessages.CancelledInFlight,
            FlowServiceException or ReconcileException => e.Message,
            // Not a service or reconciliation error: name the type so it can be found; our messages carry no secrets.
            _ => $"unexpected {e.GetType().Name}: {e.Message}",
        };
        return new KeyError(key, action, $"{verb} failed: {message}", e);
    }

    private static string? ConnectionIdOf(PlannedChange change) => change switch
    {
        PlannedChange.Update u => u.Recorded.Id,
        PlannedChange.Replace r => r.Recorded.Id,
        PlannedChange.Delete d => d.Recorded.Id,
        PlannedChange.Adopt a => a.Existing.Id,
        _ => null,
    };

    private ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken };
}

/// <summary>A reconciliation step that cannot proceed for a reason of its own (not a service error).</summary>
public sealed class ReconcileException(string message, Exception? innerException = null) : Exception(message, innerException);
