using Grpc.Core;
using Provisioner.Core.Connections;
using Provisioner.Core.Reconciliation;
using Provisioner.FlowService;
using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>
/// <c>BaseConnection</c> as a one-key reconcile: its Create, Update and Delete are Core's plan and apply of a set
/// holding this one connection, so create policy, duplicate-safe creates, the update after a 412, cancellation and
/// error wording are the same as the set's and the CLI's. This class only maps: the resource's state to a one-key
/// desired set and recorded state, and a failed key to a gRPC status.
/// </summary>
public static class OneConnection
{
    /// <summary>How a single resource reconciles: never adopting (Pulumi users take existing connections over with
    /// <c>pulumi import</c>; see <see cref="CreatePolicy.NeverAdopt"/>), one call at a time, secrets kept as they are
    /// (the engine encrypts the state).</summary>
    private static ReconcilerOptions Options() => new()
    {
        MaxParallelism = 1,
        CreatePolicy = CreatePolicy.NeverAdopt,
        SecretRecorder = SecretValueRecorder.Clear,
    };

    /// <summary>The desired entry of a resource's inputs. Every param counts as secret: the schema marks the params map secret.</summary>
    public static DesiredEntry Entry(string key, DesiredConnection connection) =>
        new(key, connection, connection.Params.Select(p => p.Key).ToHashSet(StringComparer.Ordinal));

    /// <summary>The record of a resource in the stack's state.</summary>
    public static RecordedConnection Recorded(string id, string etag, DesiredEntry previous) =>
        new(id, etag, previous.Connection, previous.SecretParams);

    /// <summary>The record of a connection to delete: a delete needs only its id (the stack's inputs may be
    /// unreadable, e.g. hand-edited, and must not stop a destroy).</summary>
    public static RecordedConnection ToDelete(string key, string id) =>
        new(id, "", new DesiredConnection(key, null, new FlowService.Models.ConnectionSpecRef("", ""), null, []), new HashSet<string>(StringComparer.Ordinal));

    /// <summary>Core's decision for this one connection, made offline (Diff, preview, and Update before it writes):
    /// <paramref name="recorded"/> null for a connection not created yet, <paramref name="desired"/> null for one to delete.</summary>
    public static PlannedChange Decide(DesiredEntry? desired, RecordedConnection? recorded)
    {
        var (set, state) = OneKey(desired, recorded);
        return Planner.PlanOffline(set, state, Options()).Changes.Single();
    }

    private static (DesiredConnectionSet Desired, RecordedState Recorded) OneKey(DesiredEntry? desired, RecordedConnection? recorded) =>
        (DesiredConnectionSet.From(desired is null ? [] : [desired]),
            // A delete has no desired entry: the record's id serves as its key.
            recorded is null ? RecordedState.Empty : RecordedState.From([KeyValuePair.Create(desired?.Key ?? recorded.Id, recorded)]));

    /// <summary>Plans and applies the one key: the change that was decided and what was done. A key Core refuses to
    /// decide fails before any write; a failed apply is thrown as a <see cref="ProviderException"/> carrying Core's words.</summary>
    public static async Task<(PlannedChange Change, AppliedChange Applied)> ReconcileAsync(IFlowServiceClient client, string doing,
        DesiredEntry? desired, RecordedConnection? recorded, OperationLimit limit)
    {
        var cancellationToken = limit.Token;
        var reconciler = new ConnectionReconciler(client, Options());
        var (set, state) = OneKey(desired, recorded);
        ReconcilePlan plan;
        try
        {
            plan = await reconciler.PlanAsync(set, state, cancellationToken);
        }
        catch (FlowServiceException error)
        {
            throw GrpcStatusMapping.Wrap(doing, error); // reads only: nothing was written
        }
        var change = plan.Changes.Single();
        if (change.Error is { } refused)
        {
            throw ProviderException.FailedPrecondition($"{doing}: {refused}");
        }
        var result = await reconciler.ApplyAsync(plan, null, cancellationToken);
        if (result.Errors is [var failed])
        {
            throw new ProviderException(StatusOf(failed), $"{doing}: {limit.TimeoutNote}{failed.Message}", failed.Exception);
        }
        return (change, result.Applied.SingleOrDefault() ?? new AppliedChange(change.Key, ConnectionAction.NoOp, recorded?.Id, recorded?.Etag));
    }

    /// <summary>The gRPC status of a key Core could not reconcile. UNKNOWN only where a write may have committed
    /// unrecorded (the engine then treats the state as unknown); otherwise the cause's own status.</summary>
    private static StatusCode StatusOf(KeyError failed) => failed switch
    {
        { OutcomeUnknown: true } => StatusCode.Unknown,
        { Exception: FlowServiceException service } => GrpcStatusMapping.ToStatusCode(service),
        { Exception: ReconcileException { InnerException: FlowServiceException service } } => GrpcStatusMapping.ToStatusCode(service),
        { Exception: ReconcileException } => StatusCode.FailedPrecondition,
        { Exception: OperationCanceledException } => StatusCode.Cancelled,
        _ => StatusCode.Internal,
    };
}
