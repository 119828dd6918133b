using Grpc.Core;
using Provisioner.Core.Definitions;
using Provisioner.Core.Pipeline;
using Provisioner.Core.Reconciliation;
using Provisioner.FlowService;
using Provisioner.PulumiProvider.Hosting;
using Provisioner.PulumiProvider.Protocol;
using S = Provisioner.PulumiProvider.Resources.ConnectionSet.ConnectionSetProperties;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>
/// <c>aep:flowservice:BaseConnectionSet</c>: a whole definitions file as one resource, carried out by Core's
/// <see cref="ConnectionReconciler"/> (the same one the CLI uses). The resource id is a GUID made at create:
/// stable across updates, and unique even when several sets share an org and sandbox (a hash of org+sandbox would
/// make two sets one). Connections are tracked by logical key in the secret <c>state</c> output.
/// </summary>
public sealed class ConnectionSetResource(EngineLog engineLog) : IProviderResource
{
    public async Task<(PropertyMap Inputs, IReadOnlyList<CheckFailure> Failures)> CheckAsync(
        PropertyMap news, ProviderSession? session, CancellationToken cancellationToken)
    {
        var (inputs, failures) = ConnectionSetInputs.Check(news);
        if (failures.Count > 0)
        {
            return (inputs, failures);
        }
        var read = ConnectionSetInputs.Read(inputs);
        // Offline, in every Check (preview or not): Core's embedded catalog. The live spec check runs when applying,
        // before any write, through the same resolver and with the same messages.
        var preview = await ConnectionSetPreview.BuildAsync(RecordedState.Empty, read, cancellationToken);
        if (preview is not null)
        {
            failures.AddRange(preview.Resolved.Errors.Select(e => new CheckFailure(S.Definitions, Describe(e))));
        }
        return (inputs, failures);
    }

    public Task<DiffResult> DiffAsync(PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges, CancellationToken cancellationToken) =>
        ConnectionSetDiffer.DiffAsync(oldOutputs, oldInputs, news, ignoreChanges, cancellationToken);

    public async Task<(string Id, PropertyMap Outputs)> CreateAsync(
        OperationContext operation, PropertyMap inputs, bool preview, ProviderSession? session, CancellationToken cancellationToken)
    {
        var read = ConnectionSetInputs.Read(inputs);
        if (preview)
        {
            return ("", await PreviewOutputsAsync(operation, RecordedState.Empty, read, cancellationToken));
        }
        var id = Guid.NewGuid().ToString();
        return (id, await ApplyAsync(operation, id, RecordedState.Empty, read, inputs, created: true, session, cancellationToken));
    }

    public async Task<ReadResult> ReadAsync(
        OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session, CancellationToken cancellationToken)
    {
        if (oldOutputs is null || oldOutputs.Count == 0)
        {
            throw ProviderException.InvalidArgument(
                $"a {S.Type} cannot be imported: declare it in the program and run `pulumi up` instead — a connection that already exists " +
                "under a definition's exact name is adopted, not created again");
        }
        var configured = Configured(session);
        var recorded = ConnectionSetState.Recorded(oldOutputs);
        var options = SetOptions.From(oldInputs, oldOutputs);
        using var timeout = operation.Limit(cancellationToken);
        RefreshResult refreshed;
        try
        {
            refreshed = await Reconciler(configured, options).RefreshAsync(recorded, timeout.Token);
        }
        catch (FlowServiceException error)
        {
            throw GrpcStatusMapping.Wrap($"refreshing the connections of {S.Type} {id}", error);
        }
        if (refreshed.Gone.Count > 0)
        {
            await engineLog.WarningAsync(
                $"no longer on the service: {string.Join(", ", refreshed.Gone)}; dropped from the stack, the next `pulumi up` creates them again",
                operation.Urn);
        }
        return new ReadResult(id, ConnectionSetState.Outputs(refreshed.State, options), oldInputs is { Count: > 0 } ? oldInputs : null);
    }

    public async Task<PropertyMap> UpdateAsync(
        OperationContext operation, string id, PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news,
        IEnumerable<string> ignoreChanges, bool preview, ProviderSession? session, CancellationToken cancellationToken)
    {
        if (oldInputs is { Count: > 0 })
        {
            news = BaseConnectionDiffer.ApplyIgnoreChanges(oldInputs, news, ignoreChanges);
        }
        var read = ConnectionSetInputs.Read(news);
        var recorded = ConnectionSetState.Recorded(oldOutputs);
        if (preview)
        {
            return await PreviewOutputsAsync(operation, recorded, read, cancellationToken);
        }
        return await ApplyAsync(operation, id, recorded, read, news, created: false, session, cancellationToken);
    }

    public async Task DeleteAsync(
        OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session, CancellationToken cancellationToken)
    {
        var recorded = ConnectionSetState.Recorded(oldOutputs);
        if (recorded.Connections.IsEmpty && recorded.HasNoPipeline)
        {
            return;
        }
        var configured = Configured(session);
        var options = SetOptions.From(oldInputs, oldOutputs);
        using var timeout = operation.Limit(cancellationToken);
        // Nothing desired: every recorded key is a Delete (or a Forget when retained). A 404 counts as deleted.
        var reconciler = Reconciler(configured, options);
        var plan = await reconciler.PlanAsync(DesiredConnectionSet.From([]), recorded, timeout.Token);
        var result = await reconciler.ApplyAsync(plan, null, timeout.Token);
        if (result.Errors.Count > 0)
        {
            // The engine keeps the set and its old state; deleting again skips what is already gone.
            throw new ProviderException(StatusCode.Unavailable,
                $"deleting {S.Type} {id}: {Failures(result, timeout)} Run `pulumi destroy` again to delete the rest.");
        }
        await engineLog.InfoAsync(options.RetainOnRemove
            ? $"{KindCounts.Describe(recorded)} left on the service ({S.RetainOnRemove})"
            : $"{KindCounts.Describe(recorded)} deleted", operation.Urn);
    }

    private async Task<PropertyMap> ApplyAsync(OperationContext operation, string id, RecordedState recorded, ConnectionSetInputs read,
        PropertyMap inputs, bool created, ProviderSession? session, CancellationToken cancellationToken)
    {
        var configured = Configured(session);
        var resolved = await ResolveAsync(read, configured, cancellationToken);
        if (!resolved.Succeeded)
        {
            // Check normally catches these first; no write has been made.
            throw ProviderException.InvalidArgument($"the {S.Definitions} are not valid: " + string.Join("; ", resolved.Errors.Select(Describe)));
        }

        using var timeout = operation.Limit(cancellationToken);
        var reconciler = Reconciler(configured, read.Options);
        ReconcilePlan plan;
        try
        {
            plan = await reconciler.PlanAsync(resolved.Desired!, recorded, timeout.Token);
        }
        catch (FlowServiceException error)
        {
            throw GrpcStatusMapping.Wrap($"planning {S.Type} {id}", error); // reads only: nothing was written
        }
        var result = await reconciler.ApplyAsync(plan, null, timeout.Token);
        PropertyMap outputs;
        try
        {
            outputs = ConnectionSetState.Outputs(result.State, read.Options);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A bug in output mapping must not lose what was written: hand the state back in the form that cannot
            // fail, so the engine records the connections; the next refresh rebuilds the outputs.
            throw new ResourceInitFailedException(StatusCode.Internal,
                $"the connections of {S.Type} {id} were written, but its outputs could not be built; they are recorded in the stack. "
                + "Run `pulumi refresh`, and please report this as a bug of the aep provider.",
                id, ConnectionSetState.FallbackOutputs(result.State, read.Options), inputs, error);
        }
        if (result.Applied.Count > 0)
        {
            await engineLog.InfoAsync(Summary(result), operation.Urn);
        }
        if (result.Errors.Count == 0)
        {
            if (await TestAfterApply.RunAsync(read, configured.Client, result, id, outputs, inputs, timeout.Token) is > 0 and var tested)
            {
                await engineLog.InfoAsync($"{tested} connection test(s) ok", operation.Urn);
            }
            return outputs;
        }
        var message = $"{Failures(result, timeout)} Everything else is recorded in the stack; run `pulumi up` again to finish.";
        if (created && result.State.Connections.IsEmpty && !result.OutcomeUnknown)
        {
            throw new ProviderException(StatusCode.Unavailable, message); // nothing exists: a clean failure
        }
        // Connections exist (or were changed), or a create may have committed unseen: hand the set back so the engine
        // records it — the next `up` looks unrecorded names up and adopts what committed instead of duplicating it.
        throw new ResourceInitFailedException(result.OutcomeUnknown ? StatusCode.Unknown : StatusCode.Unavailable, message, id, outputs, inputs);
    }

    private static async Task<DefinitionsResult> ResolveAsync(ConnectionSetInputs read, ProviderSession session, CancellationToken cancellationToken)
    {
        try
        {
            return await DefinitionsResolver.LoadAsync(read.Definitions!, S.DefinitionsFile,
                new FlowServiceConnectionSpecCatalog(session.Client, SourceCatalog.Aliases), read.SecretSource(), cancellationToken);
        }
        catch (FlowServiceException error)
        {
            // Refused credentials or an outage: Core reports them once instead of once per definition.
            throw GrpcStatusMapping.Wrap($"reading the connection specs of the {S.Definitions}", error);
        }
    }

    /// <summary>Preview outputs from Core's offline plan: unchanged keys as recorded, updated keys with their id but a
    /// new etag, created and replaced keys wholly unknown, removed keys gone; the whole map unknown while the
    /// definitions are. Notes (a spec the embedded catalog does not know) go to the engine's log.</summary>
    private async Task<PropertyMap> PreviewOutputsAsync(OperationContext operation, RecordedState recorded, ConnectionSetInputs read, CancellationToken cancellationToken)
    {
        var preview = await ConnectionSetPreview.BuildAsync(recorded, read, cancellationToken);
        foreach (var note in preview?.Resolved.Notes ?? [])
        {
            await engineLog.InfoAsync($"{S.Definitions} {Describe(note)}", operation.Urn);
        }
        if (preview?.Plan is not { } plan)
        {
            return ConnectionSetState.PreviewOutputs(null, read.Options, pipeline: !recorded.Pipeline.IsEmpty);
        }
        var entries = recorded.Connections.ToDictionary(c => c.Key, c => ConnectionSetState.Entry(c.Value), StringComparer.Ordinal);
        foreach (var change in plan.Changes.Where(c => c.IsChange))
        {
            switch (change.Action)
            {
                case ConnectionAction.Delete or ConnectionAction.Forget:
                    entries.Remove(change.Key);
                    break;
                case ConnectionAction.Update:
                    entries[change.Key] = ConnectionSetState.Entry(PropertyValue.Of(recorded.Connections[change.Key].Id), PropertyValue.Computed, PropertyValue.Computed, PropertyValue.Computed);
                    break;
                default:
                    entries[change.Key] = PropertyValue.Computed;
                    break;
            }
        }
        return ConnectionSetState.PreviewOutputs(entries, read.Options, pipeline: !plan.Pipeline.IsEmpty || !recorded.Pipeline.IsEmpty);
    }

    /// <summary>"line:col path: message" — the property is always <c>definitions</c>, the text says where in it.</summary>
    private static string Describe(DefinitionError error) =>
        error.Location.Path.Length == 0
            ? $"{error.Location.Line}:{error.Location.Column}: {error.Message}"
            : $"{error.Location.Line}:{error.Location.Column} {error.Location.Path}: {error.Message}";

    private static string Failures(ApplyResult result, OperationLimit timeout)
    {
        return $"{timeout.TimeoutNote}{result.Errors.Count} change(s) failed: "
            + string.Join("; ", result.Errors.Select(e => $"{e.Key} ({e.Action.ToString().ToLowerInvariant()}): {e.Message.TrimEnd('.')}")) + ".";
    }

    private static string Summary(ApplyResult result) =>
        "reconciled: " + string.Join(", ", result.Applied.GroupBy(a => a.Action).OrderBy(g => g.Key)
            .Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()} ({string.Join(", ", g.Select(a => a.Key))})"));

    private static ConnectionReconciler Reconciler(ProviderSession session, SetOptions options) => new(session.Client, ReconcilerOptions(options));

    /// <summary>The reconciler options of the set, for apply and for the preview's offline plan alike.</summary>
    public static ReconcilerOptions ReconcilerOptions(SetOptions options) => new()
    {
        MaxParallelism = options.Parallelism,
        RetainRemoved = options.RetainOnRemove,
        // The state output is secret: Pulumi encrypts it, so secrets are kept as they are.
        SecretRecorder = SecretValueRecorder.Clear,
    };

    private static ProviderSession Configured(ProviderSession? session) => ProviderSession.Required(session);
}
