using Provisioner.Core.Pipeline;
using Provisioner.Core.Reconciliation;
using Provisioner.FlowService.Models;
using P = Provisioner.PulumiProvider.Resources.Pipeline.PipelineProperties;

namespace Provisioner.PulumiProvider.Resources.Pipeline;

/// <summary>
/// The lifecycle of <c>aep:flowservice:SourceConnection</c>, <c>TargetConnection</c> and <c>Dataflow</c> (one instance
/// per kind). Every decision is Core's: what a change does (<see cref="PipelineDiff"/>), every write
/// (<see cref="PipelineObjectWriter"/>: duplicate-safe create, PATCH with If-Match, delete, enable/disable), what a
/// refresh reads as drift (<see cref="PipelineRefresh"/>). This class maps inputs and outputs and turns failures into
/// gRPC statuses, as <see cref="BaseConnectionResource"/> does; like it, a create never adopts an existing object of
/// the same name (users take one over with <c>pulumi import</c>).
/// </summary>
public sealed class PipelineResource(PipelineKind kind, EngineLog engineLog) : IProviderResource
{
    private readonly PipelineKindInfo _info = PipelineKindInfo.Of(kind);

    public PipelineKind Kind => kind;

    public Task<(PropertyMap Inputs, IReadOnlyList<CheckFailure> Failures)> CheckAsync(PropertyMap news, ProviderSession? session, CancellationToken cancellationToken)
    {
        var (inputs, failures) = PipelineInputs.Check(kind, news);
        return Task.FromResult<(PropertyMap, IReadOnlyList<CheckFailure>)>((inputs, failures));
    }

    public Task<DiffResult> DiffAsync(PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges,
        CancellationToken cancellationToken) =>
        Task.FromResult(PipelineDiffer.Diff(kind, OldInputs(oldOutputs, oldInputs), news, ignoreChanges));

    public async Task<(string Id, PropertyMap Outputs)> CreateAsync(OperationContext operation, PropertyMap inputs, bool preview, ProviderSession? session,
        CancellationToken cancellationToken)
    {
        if (preview)
        {
            return ("", PipelineOutputs.Build(kind, inputs, PipelineOutputs.UnknownServerFields(kind)));
        }
        var urn = operation.Urn;
        using var limit = operation.Limit(cancellationToken);
        cancellationToken = limit.Token; // the operation's timeout (customTimeouts) cancels as the engine's Cancel does
        var (client, writer) = Writer(session);
        var desired = PipelineInputs.ToDesired(kind, urn, inputs);
        var doing = $"creating {_info.Noun} '{desired.Name}'";

        // Never adopt: objects of this name that exist already are not ours, and a lost answer is never settled with one.
        var preexisting = await Call(doing, () => client.FindObjectsByNameAsync(PipelineObjectWriter.RouteOf(kind), desired.Name, cancellationToken));
        // The object this resource replaces is not "beside" it: the engine deletes it once this create is done.
        var others = preexisting.Select(o => o.Id).Where(id => !string.Equals(id, operation.ReplacingId, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (others.Length > 0)
        {
            await engineLog.WarningAsync(ReconcileMessages.CreatedBeside(_info.Noun, desired.Name, others, _info.PulumiType), urn);
        }
        SafeCreateResult result;
        try
        {
            result = await writer.CreateSettledAsync(kind, desired.ToRequest(_ => ""), preexisting.Select(o => o.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);
        }
        catch (UnsettledCreateException unsettled) when (unsettled.Committed is { } committed)
        {
            throw Recorded(committed, inputs, $"{doing}: {limit.TimeoutNote}{unsettled.Message}. It is recorded in the stack; run `pulumi refresh` to complete its outputs.", unsettled);
        }
        catch (Exception error) when (error is UnsettledCreateException or AmbiguousConnectionException)
        {
            // The object may exist, unrecorded: UNKNOWN tells the engine the outcome is not known.
            throw new ProviderException(StatusCode.Unknown, $"{doing}: {limit.TimeoutNote}{error.Message}", error);
        }
        catch (ReconcileException refused)
        {
            throw new ProviderException(StatusCode.FailedPrecondition, $"{doing}: {refused.Message}", refused);
        }
        catch (FlowServiceException error)
        {
            throw new ProviderException(error.MayHaveCommitted ? StatusCode.Unknown : GrpcStatusMapping.ToStatusCode(error), $"{doing}: {limit.TimeoutNote}{error.Message}", error);
        }
        catch (OperationCanceledException cancelled)
        {
            throw new ProviderException(StatusCode.Cancelled, $"{doing}: {limit.TimeoutNote}cancelled before the service committed anything", cancelled);
        }
        var created = result.Connection;
        if (result.Recovered)
        {
            await engineLog.WarningAsync(
                $"the service did not answer the create of '{desired.Name}' (or it was cut off), but the {_info.Noun} it had committed ({created.Id}) was found by name and recorded; no duplicate was created.", urn);
        }

        // From here on the object exists: any failure must hand the id back, or it leaks.
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (DataflowSwitch.Needed(desired.Enabled, DataflowSwitch.CreatedEnabled) is { } createdSwitch)
            {
                await writer.SetEnabledAsync(created.Id, createdSwitch == FlowStateAction.Enable, cancellationToken);
            }
            return (created.Id, await ReadBackAsync(client, writer, created.Id, inputs, cancellationToken));
        }
        catch (Exception error)
        {
            throw Recorded(created, inputs, $"{_info.Noun} {created.Id} was created, but {(error is OperationCanceledException ? limit.TimeoutNote + "the operation was cancelled" : "finishing it failed: " + Reason(error))}. "
                + "It is recorded in the stack; run `pulumi up` again (or `pulumi refresh`) to complete it.", error);
        }
    }

    public async Task<ReadResult> ReadAsync(OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session,
        CancellationToken cancellationToken)
    {
        using var limit = operation.Limit(cancellationToken);
        cancellationToken = limit.Token;
        var (client, writer) = Writer(session);
        var live = await Call($"reading {_info.Noun} {id}", () => writer.ReadAsync(kind, id, cancellationToken));
        if (live is null)
        {
            return ReadResult.Gone;
        }
        // Import (no state yet) takes every input the service shows; a refresh only what the state declares (Core's rule).
        var isImport = oldOutputs is null || oldOutputs.Count == 0;
        var previous = isImport ? ImportTemplate(live) : PipelineInputs.ToDesired(kind, operation.Urn, OldInputs(oldOutputs!, oldInputs));
        var refreshed = PipelineRefresh.Derive(new RecordedPipelineObject(kind, operation.Urn, id, "", previous), live, _ => null);
        // Read back from JSON, a value loses its secret wrapper: each is wrapped where the old inputs had one.
        var inputs = isImport ? ToInputs(refreshed.Inputs) : ToInputs(refreshed.Inputs).SecretsLike(OldInputs(oldOutputs!, oldInputs));
        var runs = await LastRunAsync(client, id, $"reading the runs of {_info.Noun} {id}", cancellationToken);
        return new ReadResult(live.Id, PipelineOutputs.Build(kind, inputs, PipelineOutputs.ServerFields(kind, live, runs)), inputs);
    }

    public async Task<PropertyMap> UpdateAsync(OperationContext operation, string id, PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news,
        IEnumerable<string> ignoreChanges, bool preview, ProviderSession? session, CancellationToken cancellationToken)
    {
        var previous = OldInputs(oldOutputs, oldInputs);
        news = BaseConnectionDiffer.ApplyIgnoreChanges(previous, news, ignoreChanges);
        var serverFields = PipelineOutputs.ServerFieldsOf(kind, oldOutputs);
        var desired = PipelineInputs.ToDesired(kind, operation.Urn, news, preview ? PropertyValueCodec.UnknownSentinel : null);
        var changes = PipelineDiff.Compute(PipelineInputs.ToDesired(kind, operation.Urn, previous), desired);
        if (preview)
        {
            var unknown = serverFields.Set(P.Etag, PropertyValue.Computed);
            return PipelineOutputs.Build(kind, news, kind == PipelineKind.Dataflow ? unknown.Set(P.State, PropertyValue.Computed).Set(P.LastRun, PropertyValue.Computed) : unknown);
        }
        if (changes.RequiresReplace)
        {
            // The engine replaces when Diff says so; an Update that still needs one was asked wrongly.
            throw ProviderException.FailedPrecondition(
                $"{_info.Noun} {id}: {string.Join(", ", changes.ReplacePaths)} cannot be changed in place; the {_info.Noun} must be replaced");
        }

        using var limit = operation.Limit(cancellationToken);
        cancellationToken = limit.Token;
        var (client, writer) = Writer(session);
        var etag = oldOutputs[P.Etag]?.AsString()
            ?? throw ProviderException.FailedPrecondition($"{_info.Noun} {id} has no etag in the stack's state; run `pulumi refresh` first");
        var doing = $"updating {_info.Noun} {id}";
        var written = false;
        try
        {
            if (changes.HasChanges)
            {
                etag = (await writer.UpdateAsync(kind, id, etag, changes.Patch, cancellationToken)).Etag;
                written = true;
            }
            if (kind == PipelineKind.Dataflow)
            {
                // Switch only what the service shows differently (Core's one decision).
                var live = await writer.ReadAsync(kind, id, cancellationToken)
                    ?? throw ProviderException.FailedPrecondition($"{_info.Noun} {id} is gone from the service; run `pulumi refresh`");
                if (DataflowSwitch.Needed(desired.Enabled, live.State) is { } needed)
                {
                    etag = (await writer.SetEnabledAsync(id, needed == FlowStateAction.Enable, cancellationToken)).Etag;
                    written = true;
                }
            }
            return await ReadBackAsync(client, writer, id, news, cancellationToken);
        }
        catch (Exception error) when (written && error is not ProviderException { Code: StatusCode.FailedPrecondition })
        {
            throw new ResourceInitFailedException(StatusCode.Unavailable,
                $"{_info.Noun} {id} was updated, but finishing the update failed: {Reason(error)}. Run `pulumi refresh`, then `pulumi up`.",
                id, PipelineOutputs.Build(kind, news, serverFields.Set(P.Etag, PropertyValue.Of(etag))), news, error);
        }
        catch (FlowServiceException error)
        {
            throw GrpcStatusMapping.Wrap(doing, error);
        }
        catch (ReconcileException error)
        {
            throw new ProviderException(StatusCode.FailedPrecondition, $"{doing}: {error.Message}", error);
        }
        catch (OperationCanceledException cancelled)
        {
            throw new ProviderException(StatusCode.Cancelled, $"{doing}: {limit.TimeoutNote}cancelled; nothing was written", cancelled);
        }
    }

    public async Task DeleteAsync(OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session,
        CancellationToken cancellationToken)
    {
        using var limit = operation.Limit(cancellationToken);
        var (_, writer) = Writer(session);
        await Call($"deleting {_info.Noun} {id}", async () =>
        {
            await writer.DeleteAsync(kind, id, limit.Token);
            return true;
        });
    }

    /// <summary>The live object's outputs after a write: read back, with the newest run of a dataflow.</summary>
    private async Task<PropertyMap> ReadBackAsync(IFlowPipelineClient client, PipelineObjectWriter writer, string id, PropertyMap inputs, CancellationToken cancellationToken)
    {
        var live = await writer.ReadAsync(kind, id, cancellationToken)
            ?? throw new ProviderException(StatusCode.Unavailable, $"{_info.Noun} {id} was written but reading it back found nothing");
        var run = await LastRunAsync(client, id, $"reading the runs of {_info.Noun} {id}", cancellationToken);
        return PipelineOutputs.Build(kind, inputs, PipelineOutputs.ServerFields(kind, live, run));
    }

    /// <summary>A dataflow's newest run (read-only, <c>GET /runs</c>); nothing for connections.</summary>
    private async Task<FlowRun?> LastRunAsync(IFlowPipelineClient client, string id, string doing, CancellationToken cancellationToken) =>
        kind != PipelineKind.Dataflow ? null : (await Call(doing, () => client.ListRunsAsync(id, 1, cancellationToken))) is [var newest, ..] ? newest : null;

    /// <summary>An import's "record": every input this kind takes, so <see cref="PipelineRefresh"/> takes each the service shows.</summary>
    private DesiredPipelineObject ImportTemplate(PipelineObject live)
    {
        var body = new System.Text.Json.Nodes.JsonObject();
        foreach (var field in P.Inputs(kind).Where(f => f != P.Enabled))
        {
            body[field] = "";
        }
        bool? enabled = kind == PipelineKind.Dataflow ? live.State != DataflowStates.Disabled : null;
        return new DesiredPipelineObject(kind, live.Id, body, new Dictionary<string, IReadOnlyList<ObjectRef>>(), enabled, default);
    }

    /// <summary>The inputs of an object Core derived from the service: its body's members, and a dataflow's switch.</summary>
    private PropertyMap ToInputs(DesiredPipelineObject derived)
    {
        var inputs = PipelineOutputs.InputsOf(kind, PropertyValueJson.FromJson(derived.Body));
        return derived.Enabled is { } enabled ? inputs.Set(P.Enabled, PropertyValue.Of(enabled)) : inputs;
    }

    /// <summary>An object that exists although the operation cannot finish: ErrorResourceInitFailed with its id, so the
    /// engine keeps it in state.</summary>
    private ResourceInitFailedException Recorded(ConnectionRef created, PropertyMap inputs, string message, Exception error) =>
        new(StatusCode.Unavailable, message, created.Id, PipelineOutputs.Build(kind, inputs, PropertyMap.Empty.Set(P.Etag, PropertyValue.Of(created.Etag))), inputs, error);

    private (IFlowPipelineClient Client, PipelineObjectWriter Writer) Writer(ProviderSession? session)
    {
        var client = ProviderSession.Required(session).Client as IFlowPipelineClient
            ?? throw ProviderException.FailedPrecondition($"the configured Flow Service client cannot manage {_info.Noun}s");
        return (client, new PipelineObjectWriter(client));
    }

    private PropertyMap OldInputs(PropertyMap oldOutputs, PropertyMap? oldInputs) =>
        oldInputs is { Count: > 0 } ? oldInputs : PipelineOutputs.InputsOf(kind, oldOutputs);

    /// <summary>A failure's message when it is ours (secret-free by contract), else only that it was internal.</summary>
    private static string Reason(Exception error) =>
        error is FlowServiceException or ProviderException or ReconcileException ? error.Message.TrimEnd('.') : "an internal error (the provider's log has the details)";

    private static async Task<T> Call<T>(string doing, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (FlowServiceException error)
        {
            throw GrpcStatusMapping.Wrap(doing, error);
        }
    }
}
