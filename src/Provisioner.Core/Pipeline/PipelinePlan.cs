using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Pipeline;

/// <summary>What a wave does: write objects (create, adopt, update, the new half of a replacement), switch dataflows,
/// or delete (removed objects and the old half of a replacement).</summary>
public enum WavePhase
{
    Write,
    State,
    Delete,
}

/// <summary>One service call (or one duplicate-safe create) of a plan.</summary>
public enum PipelineStepKind
{
    Create,
    Adopt,
    Update,
    /// <summary>The create half of a replacement; the object's dependants are re-created against the new id.</summary>
    CreateReplacement,
    Enable,
    Disable,
    /// <summary>The delete half of a replacement: the recorded object, once its successor and its dependants' exist.</summary>
    DeleteReplaced,
    Delete,
}

/// <summary>One step: what to do to which object (<see cref="ObjectRef.Kind"/> null: a base connection, whose
/// decision is the connection plan's).</summary>
public sealed record PipelineStep(ObjectRef Ref, PipelineStepKind Kind);

/// <summary>Steps that depend on no other step of the same wave: they may run in parallel. A wave starts when the
/// one before it has finished.</summary>
public sealed record PipelineWave(WavePhase Phase, int Level, IReadOnlyList<PipelineStep> Steps);

/// <summary>
/// The graph's decisions for the pipeline objects and the order of every write, base connections included: writes by
/// level ascending (base connections, then source and target connections, then dataflows), then the dataflows'
/// enable/disable actions, then deletes by level descending. A replacement is create-before-delete: the old
/// object keeps serving (an old dataflow keeps running) until its successor and the successors of its dependants
/// exist. Refused decisions have no step.
/// </summary>
public sealed record PipelinePlan(IReadOnlyList<PipelineChange> Changes, IReadOnlyList<PipelineWave> Waves)
{
    /// <summary>No pipeline objects declared or recorded: nothing to decide, no waves.</summary>
    public static PipelinePlan Empty { get; } = new([], []);

    /// <summary>Whether the apply follows <see cref="Waves"/> (base connection steps included) rather than the
    /// connection plan alone.</summary>
    public bool IsEmpty => Changes.Count == 0;

    public bool HasChanges => Changes.Any(c => c.IsChange && c.Error is null);
    public IEnumerable<PipelineChange> Errors => Changes.Where(c => c.Error is not null);
    public int Count(ConnectionAction action) => Changes.Count(c => c.Action == action && c.Error is null);
}
