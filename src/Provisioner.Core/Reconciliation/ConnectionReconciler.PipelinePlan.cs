using System.Collections.Concurrent;
using Provisioner.Core.Pipeline;

namespace Provisioner.Core.Reconciliation;

/// <summary>The pipeline part of planning and refreshing: the same reconciler, the same host API.</summary>
public sealed partial class ConnectionReconciler
{
    /// <summary>Decides the pipeline objects against the connection plan: objects not recorded are looked up by
    /// exact name first, one batched lookup per kind (<see cref="IFlowPipelineClient.FindObjectsByNamesAsync"/>).</summary>
    private async Task<ReconcilePlan> WithPipelineAsync(ReconcilePlan plan, DesiredConnectionSet desired, RecordedState recorded, CancellationToken cancellationToken)
    {
        if (desired.Pipeline.Count == 0 && recorded.HasNoPipeline)
        {
            return plan;
        }
        var unrecorded = desired.Pipeline.Where(d => !recorded.Pipeline.ContainsKey(d.Ref)).ToArray();
        var lookups = new ConcurrentDictionary<PipelineName, PipelineNameLookup>();
        await Parallel.ForEachAsync(unrecorded.GroupBy(d => d.Kind), Parallelism(cancellationToken), async (ofKind, ct) =>
        {
            var names = ofKind.Select(d => d.Name).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var (name, lookup) in await LookUpPipelineAsync(ofKind.Key, names, ct).ConfigureAwait(false))
            {
                lookups[new PipelineName(ofKind.Key, name)] = lookup;
            }
        }).ConfigureAwait(false);
        return plan with { Pipeline = PipelinePlanner.Decide(desired.Pipeline, recorded.Pipeline.Values.ToArray(), plan, lookups, _options) };
    }

    /// <summary>A failure becomes each name's error (its objects are refused), except refused credentials or an
    /// outage, which stop the plan once — as for base connections.</summary>
    private async Task<IEnumerable<KeyValuePair<string, PipelineNameLookup>>> LookUpPipelineAsync(PipelineKind kind, string[] names, CancellationToken cancellationToken)
    {
        if (_pipelineClient is null)
        {
            return names.Select(n => KeyValuePair.Create(n, new PipelineNameLookup([], ReconcileMessages.NoPipelineClient)));
        }
        try
        {
            var found = await _pipelineClient.FindObjectsByNamesAsync(PipelineObjectWriter.RouteOf(kind), names, cancellationToken).ConfigureAwait(false);
            return names.Select(n => KeyValuePair.Create(n, new PipelineNameLookup(found.TryGetValue(n, out var m) ? m : [])));
        }
        catch (FlowServiceException e) when (!e.IsAuthenticationFailure && !e.IsServiceUnavailable)
        {
            var noun = PipelineKindInfo.Of(kind).Noun;
            return names.Select(n => KeyValuePair.Create(n, new PipelineNameLookup([], $"could not look up {noun}s named '{n}': {e.Message}")));
        }
    }

    /// <summary>Re-reads every recorded pipeline object (one GET each, bounded parallelism) through the one refresh
    /// rule (<see cref="PipelineRefresh"/>), against the base connections just refreshed. Gone objects are dropped.</summary>
    private async Task<RefreshResult> RefreshPipelineAsync(RecordedState recorded, RefreshResult connections, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new ReconcileException(ReconcileMessages.NoPipelineClient);
        var live = new ConcurrentDictionary<ObjectRef, PipelineObject>();
        await Parallel.ForEachAsync(recorded.Pipeline.Values, Parallelism(cancellationToken), async (record, ct) =>
        {
            if (await writer.ReadAsync(record.Kind, record.Id, ct).ConfigureAwait(false) is { } found)
            {
                live[record.Ref] = found;
            }
        }).ConfigureAwait(false);

        var idOf = IdsOf(connections.State.Connections, recorded.Pipeline.Where(r => live.ContainsKey(r.Key)).Select(r => r.Value));
        var state = new List<RecordedPipelineObject>();
        var gone = new List<string>();
        var drifted = new List<string>();
        foreach (var (at, record) in recorded.Pipeline)
        {
            if (!live.TryGetValue(at, out var served))
            {
                gone.Add(at.ToString());
                continue;
            }
            var refreshed = PipelineRefresh.Derive(record, served, idOf);
            state.Add(refreshed);
            if (PipelineDiff.Compute(record.Inputs, refreshed.Inputs).HasChanges || (record.Inputs.Enabled ?? true) != (refreshed.Inputs.Enabled ?? true))
            {
                drifted.Add(at.ToString());
            }
        }
        return new RefreshResult(connections.State with { Pipeline = RecordedState.PipelineFrom(state) },
            [.. connections.Gone, .. gone], [.. connections.Drifted, .. drifted]);
    }

    /// <summary>The id each reference resolves to in a state: a base connection's by key, a pipeline object's by ref.</summary>
    private static Func<ObjectRef, string?> IdsOf(IReadOnlyDictionary<string, RecordedConnection> connections, IEnumerable<RecordedPipelineObject> pipeline)
    {
        var pipelineIds = pipeline.ToDictionary(r => r.Ref, r => r.Id);
        return r => r.Kind is null ? connections.GetValueOrDefault(r.Key)?.Id : pipelineIds.GetValueOrDefault(r);
    }
}
