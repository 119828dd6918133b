using Grpc.Core;
using Microsoft.Extensions.Logging;
using Provisioner.Core.Connections;
using Provisioner.Core.Definitions;
using Provisioner.Core.Reconciliation;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;
using Provisioner.PulumiProvider.Hosting;
using Provisioner.PulumiProvider.Protocol;
using P = Provisioner.PulumiProvider.Resources.BaseConnectionProperties;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>What Read found: nothing (gone), or the live outputs and the inputs derived from them.</summary>
public sealed record ReadResult(string Id, PropertyMap? Outputs, PropertyMap? Inputs)
{
    public static readonly ReadResult Gone = new("", null, null);
}

/// <summary>
/// The lifecycle of <c>aep:flowservice:BaseConnection</c> against the Flow Service: Check, Diff, Create, Read,
/// Update, Delete. Protocol concerns (Structs, status codes) stay in the gRPC adapter.
/// </summary>
public sealed class BaseConnectionResource(EngineLog engineLog, ILogger<BaseConnectionResource> logger) : IProviderResource
{
    public async Task<(PropertyMap Inputs, IReadOnlyList<CheckFailure> Failures)> CheckAsync(
        PropertyMap news, ProviderSession? session, CancellationToken cancellationToken)
    {
        var (inputs, failures) = BaseConnectionInputs.Check(news);
        // Offline, in every Check: Core's embedded catalog. A spec it does not know is checked live when applying.
        if (failures.Count == 0 && BaseConnectionInputs.ToValidate(inputs) is { } connection)
        {
            var problems = await ConnectionValidator.ValidateAsync(SourceCatalog.Offline, connection.SpecId, connection.AuthSpecName, connection.Params,
                acceptUnknownSpec: true, cancellationToken);
            failures.AddRange(problems.Select(BaseConnectionInputs.ToFailure));
        }
        return (inputs, failures);
    }

    /// <summary>The live spec check, when applying and before any write: the same validation as Check, against the
    /// service's spec (which the embedded catalog may not have had).</summary>
    private static async Task CheckLiveAsync(PropertyMap inputs, ProviderSession session, CancellationToken cancellationToken)
    {
        if (BaseConnectionInputs.ToValidate(inputs) is not { } connection)
        {
            return;
        }
        var problems = await Call($"reading connection spec {connection.SpecId}", () => ConnectionValidator.ValidateAsync(
            new FlowServiceConnectionSpecCatalog(session.Client, SourceCatalog.Aliases),
            connection.SpecId, connection.AuthSpecName, connection.Params, acceptUnknownSpec: false, cancellationToken));
        if (problems.Count > 0)
        {
            throw ProviderException.InvalidArgument("the connection does not fit its connection spec (nothing was written): "
                + string.Join("; ", problems.Select(BaseConnectionInputs.ToFailure).Select(f => $"{f.Property}: {f.Reason}")));
        }
    }

    public Task<DiffResult> DiffAsync(PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges,
        CancellationToken cancellationToken) =>
        Task.FromResult(BaseConnectionDiffer.Diff(OldInputs(oldOutputs, oldInputs), news, ignoreChanges));

    public async Task<(string Id, PropertyMap Outputs)> CreateAsync(
        OperationContext operation, PropertyMap inputs, bool preview, ProviderSession? session, CancellationToken cancellationToken)
    {
        if (preview)
        {
            return ("", BaseConnectionOutputs.Build(inputs, BaseConnectionOutputs.UnknownServerFields()));
        }
        var urn = operation.Urn;
        using var limit = operation.Limit(cancellationToken);
        cancellationToken = limit.Token; // the operation's timeout (customTimeouts) cancels as the engine's Cancel does
        var configured = Configured(session);
        await CheckLiveAsync(inputs, configured, cancellationToken);
        var desired = OneConnection.Entry(urn, BaseConnectionInputs.ToDesired(inputs));
        var (change, applied) = await OneConnection.ReconcileAsync(configured.Client, $"creating connection '{desired.Connection.Name}'", desired, null, limit);
        if (change is PlannedChange.Create { Note: { } note })
        {
            await engineLog.WarningAsync(note, urn);
        }
        var created = new ConnectionRef(applied.Id!, applied.Etag!);
        if (applied.RecoveredLostCreate)
        {
            await engineLog.WarningAsync(
                $"the service did not answer the create of '{desired.Connection.Name}' (or it was cut off), but the connection it had committed ({created.Id}) was found by name and recorded; no duplicate was created.", urn);
        }
        Log.Created(logger, created.Id, urn);
        if (cancellationToken.IsCancellationRequested)
        {
            // Cancelled (or timed out) after the POST committed: Core recorded the connection it found by name. The
            // engine must hear a failure that records it — not success (the operation did not finish) and never
            // CANCELLED (read as "did not happen": the connection would leak and the next `up` duplicate it).
            throw Recorded(created, inputs,
                $"creating connection '{desired.Connection.Name}': {limit.TimeoutNote}the operation was cancelled after the service had committed the connection "
                + $"({created.Id}). It is recorded in the stack; run `pulumi refresh` to complete its outputs.", new OperationCanceledException(cancellationToken));
        }

        // From here on the connection exists: any failure must hand the id back, or the connection leaks.
        PropertyMap outputs;
        try
        {
            var live = await configured.Client.GetConnectionAsync(created.Id, CancellationToken.None)
                ?? throw new ProviderException(StatusCode.Unavailable, $"connection {created.Id} was created but reading it back found nothing");
            outputs = BaseConnectionOutputs.Build(inputs, BaseConnectionOutputs.ServerFields(live, configured.Config));
        }
        catch (Exception error)
        {
            // Any failure, a bug in output mapping included: the connection exists and must be recorded.
            throw Recorded(created, inputs,
                $"connection {created.Id} was created, but reading it back failed: {Reason(error)}. " +
                "It is recorded in the stack; run `pulumi refresh` to complete its outputs.", error);
        }
        await TestIfAskedAsync(configured, created.Id, desired.Connection, outputs, inputs, urn, cancellationToken);
        return (created.Id, outputs);
    }

    /// <summary><c>testAfterApply</c>: the set's step (Core's tester and wording) for this one connection. Nothing else
    /// is left to re-test, so it runs after every apply; a rejected test fails the apply with the connection recorded.</summary>
    private async Task TestIfAskedAsync(ProviderSession configured, string id, DesiredConnection desired, PropertyMap outputs, PropertyMap inputs,
        string urn, CancellationToken cancellationToken)
    {
        if (!BooleanInput.IsTrue(inputs, P.TestAfterApply))
        {
            return;
        }
        var state = RecordedState.From([KeyValuePair.Create(desired.Name,
            new RecordedConnection(id, outputs[P.Etag]?.AsString() ?? "", desired, new HashSet<string>(StringComparer.Ordinal)))]);
        await ConnectionSet.TestAfterApply.RunAsync(configured.Client, state, [desired.Name], parallelism: 1, id, outputs, BaseConnectionInputs.WithSecretParams(inputs), cancellationToken);
        await engineLog.InfoAsync($"connection {id}: connection test ok", urn);
    }

    /// <summary>A connection that exists although Create cannot finish: ErrorResourceInitFailed with its id and the
    /// outputs known without reading it back, so the engine keeps it in state.</summary>
    private static ResourceInitFailedException Recorded(ConnectionRef created, PropertyMap inputs, string message, Exception error) =>
        new(StatusCode.Unavailable, message, created.Id,
            BaseConnectionOutputs.Build(inputs, PropertyMap.Empty.Set(P.Etag, PropertyValue.Of(created.Etag))), BaseConnectionInputs.WithSecretParams(inputs), error);

    public async Task<ReadResult> ReadAsync(
        OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session, CancellationToken cancellationToken)
    {
        var urn = operation.Urn;
        using var limit = operation.Limit(cancellationToken);
        cancellationToken = limit.Token; // the operation's timeout (customTimeouts) cancels as the engine's Cancel does
        var configured = Configured(session);
        var live = await Call($"reading connection {id}", () => configured.Client.GetConnectionAsync(id, cancellationToken));
        if (live is null)
        {
            return ReadResult.Gone;
        }
        // Which params are secret: the live spec says; if it cannot be read, the embedded catalog; else Core's rule
        // for an unknown spec.
        var (_, spec) = await ConnectionSpecLookup.TryGetAsync(configured.Client, live.ConnectionSpec.Id, logger, cancellationToken);
        spec ??= await SourceCatalog.Offline.GetConnectionSpecAsync(live.ConnectionSpec.Id, cancellationToken);
        var secretParams = spec?.FindAuthSpec(live.Auth?.SpecName ?? "")?.SecretParams.ToHashSet(StringComparer.Ordinal);

        var isImport = oldOutputs is null || oldOutputs.Count == 0;
        var previous = isImport ? null : OldInputs(oldOutputs!, oldInputs);
        var refreshed = ConnectionRefresh.Derive(live, previous is null ? null : BaseConnectionInputs.ToDesired(previous), secretParams);
        var inputs = BaseConnectionRefresh.ToInputs(refreshed.Inputs, previous);
        var masked = refreshed.MaskedWithoutValue;
        if (isImport && masked.Count > 0)
        {
            // Names of params only, never values.
            await engineLog.WarningAsync(
                $"connection {id} was imported, but the service returns secret auth params masked ({string.Join(", ", masked)}). " +
                "Set their real values in your program (as secrets); the next `pulumi up` writes them to the connection.", urn);
        }
        var outputs = BaseConnectionOutputs.Build(inputs, BaseConnectionOutputs.ServerFields(live, configured.Config));
        return new ReadResult(live.Id, outputs, inputs);
    }

    public async Task<PropertyMap> UpdateAsync(
        OperationContext operation, string id, PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news,
        IEnumerable<string> ignoreChanges, bool preview, ProviderSession? session, CancellationToken cancellationToken)
    {
        var urn = operation.Urn;
        var previous = OldInputs(oldOutputs, oldInputs);
        news = BaseConnectionDiffer.ApplyIgnoreChanges(previous, news, ignoreChanges);
        var serverFields = BaseConnectionOutputs.ServerFieldsOf(oldOutputs);
        if (preview)
        {
            return BaseConnectionOutputs.Build(news, serverFields
                .Set(P.Etag, PropertyValue.Computed).Set(P.UpdatedAt, PropertyValue.Computed));
        }

        using var limit = operation.Limit(cancellationToken);
        cancellationToken = limit.Token; // the operation's timeout (customTimeouts) cancels as the engine's Cancel does
        var configured = Configured(session);
        var etag = oldOutputs[P.Etag]?.AsString()
            ?? throw ProviderException.FailedPrecondition($"connection {id} has no etag in the stack's state; run `pulumi refresh` first");
        var desired = OneConnection.Entry(urn, BaseConnectionInputs.ToDesired(news));
        var recorded = OneConnection.Recorded(id, etag, OneConnection.Entry(urn, BaseConnectionInputs.ToDesired(previous)));
        switch (OneConnection.Decide(desired, recorded))
        {
            case PlannedChange.Replace replace:
                // The engine replaces when Diff says so; an Update that still needs one was asked wrongly.
                throw ProviderException.FailedPrecondition(
                    $"connection {id}: {string.Join(", ", replace.Changes.ReplacePaths)} cannot be changed in place; the connection must be replaced");
            case PlannedChange.Unchanged:
                var unchanged = BaseConnectionOutputs.Build(news, serverFields);
                await TestIfAskedAsync(configured, id, desired.Connection, unchanged, news, urn, cancellationToken);
                return unchanged;
        }
        await CheckLiveAsync(news, configured, cancellationToken);
        var (_, applied) = await OneConnection.ReconcileAsync(configured.Client, $"updating connection {id}", desired, recorded, limit);
        var updated = new ConnectionRef(applied.Id!, applied.Etag!);

        PropertyMap outputs;
        try
        {
            var live = await configured.Client.GetConnectionAsync(id, CancellationToken.None)
                ?? throw new ProviderException(StatusCode.Unavailable, $"connection {id} was updated but reading it back found nothing");
            outputs = BaseConnectionOutputs.Build(news, BaseConnectionOutputs.ServerFields(live, configured.Config));
        }
        catch (Exception error)
        {
            throw new ResourceInitFailedException(StatusCode.Unavailable,
                $"connection {id} was updated, but reading it back failed: {Reason(error)}. Run `pulumi refresh`.",
                id, BaseConnectionOutputs.Build(news, serverFields.Set(P.Etag, PropertyValue.Of(updated.Etag))), BaseConnectionInputs.WithSecretParams(news), error);
        }
        await TestIfAskedAsync(configured, id, desired.Connection, outputs, news, urn, cancellationToken);
        return outputs;
    }

    public async Task DeleteAsync(OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session,
        CancellationToken cancellationToken)
    {
        using var limit = operation.Limit(cancellationToken);
        var configured = Configured(session);
        await OneConnection.ReconcileAsync(configured.Client, $"deleting connection {id}", null, OneConnection.ToDelete(operation.Urn, id), limit);
        Log.Deleted(logger, id);
    }

    /// <summary>A failure's message when it is ours (secret-free by contract), else only that it was internal.</summary>
    private static string Reason(Exception error) =>
        error is FlowServiceException or ProviderException ? error.Message.TrimEnd('.') : "an internal error (the provider's log has the details)";

    private static PropertyMap OldInputs(PropertyMap oldOutputs, PropertyMap? oldInputs) =>
        oldInputs is { Count: > 0 } ? oldInputs : BaseConnectionOutputs.InputsOf(oldOutputs);

    private static ProviderSession Configured(ProviderSession? session) => ProviderSession.Required(session);

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
