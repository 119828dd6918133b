using Provisioner.Core.Connections;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>What the reconciler will do for one key.</summary>
public enum ConnectionAction
{
    /// <summary>Recorded and unchanged.</summary>
    NoOp,
    /// <summary>Not recorded and no connection of that name exists: POST.</summary>
    Create,
    /// <summary>Not recorded but exactly one connection of that name exists: take it over (and PATCH what differs).</summary>
    Adopt,
    /// <summary>Recorded and changed in place: one PATCH with If-Match.</summary>
    Update,
    /// <summary>Connection spec or auth type changed, which the service cannot patch: DELETE, then create.</summary>
    Replace,
    /// <summary>Recorded but no longer defined: DELETE.</summary>
    Delete,
    /// <summary>Recorded but no longer defined, and removed connections are retained (or adopted under a new key):
    /// dropped from state, left on the service.</summary>
    Forget,
}

/// <summary>
/// One key's decision: one type per action, each holding exactly what carrying it out needs, so the reconciler never
/// guesses which fields are set. A key no decision is possible for (an ambiguous name, a failed lookup, a
/// same-named connection that cannot be adopted) is a <see cref="Refused"/>; apply leaves it alone and reports it.
/// Changes that carry a <see cref="DesiredEntry"/> hold resolved secrets: do not print them.
/// </summary>
public abstract record PlannedChange(string Key)
{
    public abstract ConnectionAction Action { get; }

    /// <summary>Changed input paths (<c>description</c>, <c>auth.params.password</c>, …) for display; never values.</summary>
    public virtual IReadOnlyList<string> ChangedPaths => [];

    /// <summary>Why no decision was possible (<see cref="Refused"/> only).</summary>
    public virtual string? Error => null;

    /// <summary>The id of the connection the change acts on (recorded, or adopted); null for a create or a refusal.</summary>
    public string? ExistingId => this switch
    {
        Unchanged unchanged => unchanged.Recorded.Id,
        Adopt adopt => adopt.Existing.Id,
        Update update => update.Recorded.Id,
        Replace replace => replace.Recorded.Id,
        Delete delete => delete.Recorded.Id,
        Forget forget => forget.Recorded.Id,
        _ => null,
    };

    public bool IsChange => Action != ConnectionAction.NoOp;

    /// <summary>Recorded and equal to the definition.</summary>
    public sealed record Unchanged(string Key, DesiredEntry Desired, RecordedConnection Recorded) : PlannedChange(Key)
    {
        public override ConnectionAction Action => ConnectionAction.NoOp;
    }

    /// <summary>A POST. <paramref name="Preexisting"/>: same-named connections the plan saw, which a create under
    /// <see cref="CreatePolicy.NeverAdopt"/> goes beside and never takes for the one its POST committed.</summary>
    public sealed record Create(string Key, DesiredEntry Desired, IReadOnlyList<Connection> Preexisting) : PlannedChange(Key)
    {
        public override ConnectionAction Action => ConnectionAction.Create;
        public override IReadOnlyList<string> ChangedPaths => ["*"];

        /// <summary>What a host should tell its user when the create goes beside same-named connections; null when none exist.</summary>
        public string? Note => Preexisting.Count == 0 ? null
            : ReconcileMessages.CreatedBeside(ReconcileMessages.BaseConnectionNoun, Desired.Connection.Name, Preexisting.Select(c => c.Id).ToArray(),
                ReconcileMessages.BaseConnectionType);
    }

    /// <summary>Take <paramref name="Existing"/> over and PATCH what differs from the definition.</summary>
    public sealed record Adopt(string Key, DesiredEntry Desired, Connection Existing, ConnectionChanges Changes) : PlannedChange(Key)
    {
        public override ConnectionAction Action => ConnectionAction.Adopt;
        public override IReadOnlyList<string> ChangedPaths => Changes.ChangedPaths;
    }

    /// <summary>One PATCH with If-Match on the recorded connection.</summary>
    public sealed record Update(string Key, DesiredEntry Desired, RecordedConnection Recorded, ConnectionChanges Changes) : PlannedChange(Key)
    {
        public override ConnectionAction Action => ConnectionAction.Update;
        public override IReadOnlyList<string> ChangedPaths => Changes.ChangedPaths;
    }

    /// <summary>DELETE the recorded connection, then create the definition (<see cref="ConnectionChanges.ReplacePaths"/> say why).</summary>
    public sealed record Replace(string Key, DesiredEntry Desired, RecordedConnection Recorded, ConnectionChanges Changes) : PlannedChange(Key)
    {
        public override ConnectionAction Action => ConnectionAction.Replace;
        public override IReadOnlyList<string> ChangedPaths => Changes.ChangedPaths;
    }

    /// <summary>DELETE a connection whose definition is gone.</summary>
    public sealed record Delete(string Key, RecordedConnection Recorded) : PlannedChange(Key)
    {
        public override ConnectionAction Action => ConnectionAction.Delete;
    }

    /// <summary>Drop a record and leave its connection on the service (retained, or moved to another key).</summary>
    public sealed record Forget(string Key, RecordedConnection Recorded) : PlannedChange(Key)
    {
        public override ConnectionAction Action => ConnectionAction.Forget;
    }

    /// <summary>No decision possible for <paramref name="Intended"/>: <paramref name="Reason"/> says why and what to do.</summary>
    public sealed record Refused(string Key, ConnectionAction Intended, string Reason) : PlannedChange(Key)
    {
        public override ConnectionAction Action => Intended;
        public override string? Error => Reason;
    }
}

/// <summary>The reconciler's decisions for a whole set, made against <see cref="Recorded"/>.</summary>
public sealed record ReconcilePlan(IReadOnlyList<PlannedChange> Changes, RecordedState Recorded)
{
    /// <summary>When the plan looked up the names of its unrecorded keys (null: no lookup, e.g. a plan built by
    /// hand). Apply trusts those answers as the duplicate guard for <see cref="ReconcilerOptions.PlanLookupValidity"/>.</summary>
    public DateTimeOffset? NamesLookedUpAt { get; init; }

    /// <summary>The source connections, target connections and dataflows, decided against <see cref="Changes"/>, and
    /// the waves every write of both runs in; <see cref="PipelinePlan.Empty"/> when the definitions declare none and
    /// none are recorded.</summary>
    public Pipeline.PipelinePlan Pipeline { get; init; } = Core.Pipeline.PipelinePlan.Empty;

    public bool HasChanges => Changes.Any(c => c.IsChange && c.Error is null) || Pipeline.HasChanges;
    public IEnumerable<PlannedChange> Errors => Changes.Where(c => c.Error is not null);

    /// <summary>Any refusal, of a base connection or of a pipeline object.</summary>
    public bool HasErrors => Errors.Any() || Pipeline.Errors.Any();

    public int Count(ConnectionAction action) => Changes.Count(c => c.Action == action && c.Error is null);
}
