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

/// <summary>One key's decision. <see cref="Error"/> is set when no decision is possible (e.g. an ambiguous name);
/// apply then leaves that key alone. Holds resolved secrets in <see cref="Desired"/>: do not print it.</summary>
public sealed record PlannedChange
{
    public required string Key { get; init; }
    public required ConnectionAction Action { get; init; }
    /// <summary>Changed input paths (<c>description</c>, <c>auth.params.password</c>, …) for display; never values.</summary>
    public IReadOnlyList<string> ChangedPaths { get; init; } = [];
    /// <summary>The PATCH body of an <see cref="ConnectionAction.Update"/> (may hold secret values).</summary>
    public IReadOnlyList<JsonPatchOperation> Patch { get; init; } = [];
    public DesiredEntry? Desired { get; init; }
    public RecordedConnection? Recorded { get; init; }
    /// <summary>The connection an <see cref="ConnectionAction.Adopt"/> takes over.</summary>
    public Connection? Existing { get; init; }
    public string? Error { get; init; }

    public bool IsChange => Action != ConnectionAction.NoOp;
}

/// <summary>The reconciler's decisions for a whole set, made against <see cref="Recorded"/>.</summary>
public sealed record ReconcilePlan(IReadOnlyList<PlannedChange> Changes, RecordedState Recorded)
{
    /// <summary>When the plan looked up the names of its unrecorded keys (null: no lookup, e.g. a plan built by
    /// hand). Apply trusts those answers as the duplicate guard for <see cref="ReconcilerOptions.PlanLookupValidity"/>.</summary>
    public DateTimeOffset? NamesLookedUpAt { get; init; }

    public bool HasChanges => Changes.Any(c => c.IsChange && c.Error is null);
    public IEnumerable<PlannedChange> Errors => Changes.Where(c => c.Error is not null);
    public int Count(ConnectionAction action) => Changes.Count(c => c.Action == action && c.Error is null);
}
