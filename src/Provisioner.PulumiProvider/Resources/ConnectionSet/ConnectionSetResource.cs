using Grpc.Core;
using Provisioner.Core.Definitions;
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
    private static IReadOnlyDictionary<string, string> Aliases => SourceAliases.Table;

    public async Task<(PropertyMap Inputs, IReadOnlyList<CheckFailure> Failures)> CheckAsync(
        PropertyMap news, ProviderSession? session, CancellationToken cancellationToken)
    {
        var (inputs, failures) = ConnectionSetInputs.Check(news);
        if (failures.Count > 0)
        {
            return (inputs, failures);
        }
        var read = ConnectionSetInputs.Read(inputs);
        if (read.Definitions is null)
        {
            return (inputs, failures); // unknown during preview: checked once known
        }
        var errors = session is { IsPreview: false } && read.IsKnown
            ? (await ResolveAsync(read, session, cancellationToken)).Errors
            : CheckOffline(read);
        failures.AddRange(errors.Select(e => new CheckFailure(S.Definitions, Describe(e))));
        return (inputs, failures);
    }

    public DiffResult Diff(PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges) =>
        ConnectionSetDiffer.Diff(oldOutputs, oldInputs, news, ignoreChanges, Aliases);

    public async Task<(string Id, PropertyMap Outputs)> CreateAsync(
        OperationContext operation, PropertyMap inputs, bool preview, ProviderSession? session, CancellationToken cancellationToken)
    {
        var read = ConnectionSetInputs.Read(inputs);
        if (preview)
        {
            return ("", ConnectionSetState.PreviewOutputs(PreviewEntries(RecordedState.Empty, read), read.Options));
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
        using var timeout = Timeout(operation, cancellationToken);
        RefreshResult refreshed;
        try
        {
            refreshed = await Reconciler(configured, options).RefreshAsync(recorded, timeout.Token);
        }
        catch (FlowServiceException error)
        {
            throw FlowServiceErrors.Wrap($"refreshing the connections of {S.Type} {id}", error);
        }
        if (refreshed.Gone.Count > 0)
        {
            await engineLog.WarningAsync(
                $"connections no longer on the service: {string.Join(", ", refreshed.Gone)}; they were dropped from the stack and the next `pulumi up` creates them again",
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
            return ConnectionSetState.PreviewOutputs(PreviewEntries(recorded, read), read.Options);
        }
        return await ApplyAsync(operation, id, recorded, read, news, created: false, session, cancellationToken);
    }

    public async Task DeleteAsync(
        OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session, CancellationToken cancellationToken)
    {
        var recorded = ConnectionSetState.Recorded(oldOutputs);
        if (recorded.Connections.IsEmpty)
        {
            return;
        }
        var configured = Configured(session);
        var options = SetOptions.From(oldInputs, oldOutputs);
        using var timeout = Timeout(operation, cancellationToken);
        // Nothing desired: every recorded key is a Delete (or a Forget when retained). A 404 counts as deleted.
        var reconciler = Reconciler(configured, options);
        var plan = await reconciler.PlanAsync(DesiredConnectionSet.From([]), recorded, timeout.Token);
        var result = await reconciler.ApplyAsync(plan, null, timeout.Token);
        if (result.Errors.Count > 0)
        {
            // The engine keeps the set and its old state; deleting again skips what is already gone.
            throw new ProviderException(StatusCode.Unavailable,
                $"deleting {S.Type} {id}: {Failures(result, timeout, cancellationToken)} Run `pulumi destroy` again to delete the rest.");
        }
        await engineLog.InfoAsync(options.RetainOnRemove
            ? $"{recorded.Connections.Count} connections left on the service ({S.RetainOnRemove})"
            : $"{recorded.Connections.Count} connections deleted", operation.Urn);
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

        using var timeout = Timeout(operation, cancellationToken);
        var reconciler = Reconciler(configured, read.Options);
        ReconcilePlan plan;
        try
        {
            plan = await reconciler.PlanAsync(resolved.Desired!, recorded, timeout.Token);
        }
        catch (FlowServiceException error)
        {
            throw FlowServiceErrors.Wrap($"planning {S.Type} {id}", error); // reads only: nothing was written
        }
        var result = await reconciler.ApplyAsync(plan, null, timeout.Token);
        var outputs = ConnectionSetState.Outputs(result.State, read.Options);
        if (result.Applied.Count > 0)
        {
            await engineLog.InfoAsync(Summary(result), operation.Urn);
        }
        if (result.Errors.Count == 0)
        {
            return outputs;
        }
        var message = $"{Failures(result, timeout, cancellationToken)} Everything else is recorded in the stack; run `pulumi up` again to finish.";
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
                new FlowServiceConnectionSpecCatalog(session.Client, Aliases), read.SecretSource(), cancellationToken);
        }
        catch (FlowServiceException error)
        {
            // Refused credentials or an outage: Core reports them once instead of once per definition.
            throw FlowServiceErrors.Wrap($"reading the connection specs of the {S.Definitions}", error);
        }
    }

    /// <summary>What can be checked without the service (preview, or secrets not known yet): the file's structure,
    /// source aliases, and that every secret reference has (or will have) a value.</summary>
    private static DefinitionError[] CheckOffline(ConnectionSetInputs read)
    {
        var parsed = DefinitionsParser.Parse(read.Definitions!, S.DefinitionsFile);
        var errors = new List<DefinitionError>(parsed.Errors);
        foreach (var definition in parsed.Document.Connections)
        {
            if (definition.Source is { } alias && !Aliases.ContainsKey(alias))
            {
                errors.Add(new DefinitionError(definition.SpecLocation,
                    $"unknown source alias '{alias}'; known aliases: {string.Join(", ", Aliases.Keys.Order(StringComparer.Ordinal))} (or give connectionSpec: {{ id, version }})"));
            }
            foreach (var param in definition.Params.Where(p => p.SecretName is { } name && !read.MayHaveSecret(name)))
            {
                errors.Add(new DefinitionError(param.Location, $"secret '{param.SecretName}' is not set: {read.SecretSource().DescribeMissing(param.SecretName!)}"));
            }
        }
        return errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToArray();
    }

    /// <summary>Preview outputs: unchanged keys as recorded, updated keys with their id but a new etag, added and
    /// replaced keys wholly unknown, removed keys gone. Null = the set is not known yet.</summary>
    private static Dictionary<string, PropertyValue>? PreviewEntries(RecordedState recorded, ConnectionSetInputs read)
    {
        var changes = ConnectionSetDiffer.KeyChanges(recorded, read, Aliases);
        if (changes is null)
        {
            return null;
        }
        var entries = recorded.Connections.ToDictionary(c => c.Key, c => ConnectionSetState.Entry(c.Value), StringComparer.Ordinal);
        foreach (var (key, change) in changes)
        {
            switch (change)
            {
                case KeyChange.Remove:
                    entries.Remove(key);
                    break;
                case KeyChange.Update:
                    entries[key] = ConnectionSetState.Entry(PropertyValue.Of(recorded.Connections[key].Id), PropertyValue.Computed, PropertyValue.Computed, PropertyValue.Computed);
                    break;
                default:
                    entries[key] = PropertyValue.Computed;
                    break;
            }
        }
        return entries;
    }

    /// <summary>"line:col path: message" — the property is always <c>definitions</c>, the text says where in it.</summary>
    private static string Describe(DefinitionError error) =>
        error.Location.Path.Length == 0
            ? $"{error.Location.Line}:{error.Location.Column}: {error.Message}"
            : $"{error.Location.Line}:{error.Location.Column} {error.Location.Path}: {error.Message}";

    private static string Failures(ApplyResult result, CancellationTokenSource timeout, CancellationToken caller)
    {
        var cause = timeout.IsCancellationRequested && !caller.IsCancellationRequested ? "the operation's timeout elapsed; " : "";
        return $"{cause}{result.Errors.Count} connection(s) failed: "
            + string.Join("; ", result.Errors.Select(e => $"{e.Key} ({e.Action.ToString().ToLowerInvariant()}): {e.Message.TrimEnd('.')}")) + ".";
    }

    private static string Summary(ApplyResult result) =>
        "connections reconciled: " + string.Join(", ", result.Applied.GroupBy(a => a.Action).OrderBy(g => g.Key)
            .Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()} ({string.Join(", ", g.Select(a => a.Key))})"));

    private static ConnectionReconciler Reconciler(ProviderSession session, SetOptions options) =>
        new(session.Client, new ReconcilerOptions
        {
            MaxParallelism = options.Parallelism,
            RetainRemoved = options.RetainOnRemove,
            // The state output is secret: Pulumi encrypts it, so secrets are kept as they are.
            SecretRecorder = SecretValueRecorder.Clear,
        });

    private static CancellationTokenSource Timeout(OperationContext operation, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (operation.Timeout is { } limit)
        {
            source.CancelAfter(limit);
        }
        return source;
    }

    private static ProviderSession Configured(ProviderSession? session) => session
        ?? throw ProviderException.FailedPrecondition("the aep provider is not configured (Configure was not called or failed); check the provider's configuration");
}
