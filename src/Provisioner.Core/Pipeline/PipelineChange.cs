using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Pipeline;

/// <summary>A dataflow's switch, turned with <c>POST /flows/{id}/action?op=enable|disable</c> after the object's own
/// write, never in its body.</summary>
public enum FlowStateAction
{
    Enable,
    Disable,
}

/// <summary>
/// One pipeline object's decision, in the vocabulary of base connections (<see cref="ConnectionAction"/>,
/// <see cref="ConnectionChanges"/>): one type per action, each holding exactly what carrying it out needs. A dataflow
/// whose declared state differs from the one it will have after its write also carries a <see cref="StateAction"/>,
/// a separate step, so a dataflow can be unchanged and still be switched.
/// </summary>
public abstract record PipelineChange(ObjectRef Ref)
{
    public abstract ConnectionAction Action { get; }

    /// <summary>Changed input paths (<c>params.path</c>, <c>flowSpec.id</c>, <c>baseConnectionId</c>) for display; never values.</summary>
    public virtual IReadOnlyList<string> ChangedPaths => [];

    /// <summary>Why no decision was possible (<see cref="Refused"/> only).</summary>
    public virtual string? Error => null;

    /// <summary>The id of the object the change acts on (recorded, adopted, or an old half); null for a create or a refusal.</summary>
    public string? ExistingId => this switch
    {
        Unchanged unchanged => unchanged.Recorded.Id,
        Adopt adopt => adopt.Existing.Id,
        Update update => update.Recorded.Id,
        Replace replace => replace.Recorded.Id,
        Delete delete => delete.Recorded.Id,
        Forget forget => forget.Recorded.Id,
        DeleteSuperseded old => old.Old.Id,
        _ => null,
    };

    /// <summary>Enable or disable the dataflow after its write; null when its state is already the declared one.</summary>
    public FlowStateAction? StateAction { get; init; }

    public bool IsChange => Action != ConnectionAction.NoOp || StateAction is not null;

    /// <summary>Recorded and equal to the definition.</summary>
    public sealed record Unchanged(ObjectRef Ref, DesiredPipelineObject Desired, RecordedPipelineObject Recorded) : PipelineChange(Ref)
    {
        public override ConnectionAction Action => ConnectionAction.NoOp;
    }

    /// <summary>A POST; its references are filled at apply time from the ids the earlier waves wrote.
    /// <paramref name="Preexisting"/>: same-named objects a create under <see cref="CreatePolicy.NeverAdopt"/> goes beside.</summary>
    public sealed record Create(ObjectRef Ref, DesiredPipelineObject Desired, IReadOnlyList<PipelineObject> Preexisting) : PipelineChange(Ref)
    {
        public override ConnectionAction Action => ConnectionAction.Create;
        public override IReadOnlyList<string> ChangedPaths => ["*"];

        /// <summary>What a host tells its user when the create goes beside same-named objects; null when none exist.</summary>
        public string? Note => Preexisting.Count == 0 ? null
            : ReconcileMessages.CreatedBeside(PipelineKindInfo.Of(Desired.Kind).Noun, Desired.Name, Preexisting.Select(o => o.Id).ToArray(),
                PipelineKindInfo.Of(Desired.Kind).PulumiType);
    }

    /// <summary>Take <paramref name="Existing"/> over and PATCH what differs (If-Match: its served etag).</summary>
    public sealed record Adopt(ObjectRef Ref, DesiredPipelineObject Desired, PipelineObject Existing, ConnectionChanges Changes) : PipelineChange(Ref)
    {
        public override ConnectionAction Action => ConnectionAction.Adopt;
        public override IReadOnlyList<string> ChangedPaths => Changes.ChangedPaths;
    }

    /// <summary>One PATCH of <see cref="ConnectionChanges.Patch"/> with If-Match: the recorded etag.</summary>
    public sealed record Update(ObjectRef Ref, DesiredPipelineObject Desired, RecordedPipelineObject Recorded, ConnectionChanges Changes) : PipelineChange(Ref)
    {
        public override ConnectionAction Action => ConnectionAction.Update;
        public override IReadOnlyList<string> ChangedPaths => Changes.ChangedPaths;
    }

    /// <summary>Create the definition anew, then — after every dependant has moved to it — DELETE the recorded
    /// object. <see cref="ConnectionChanges.ReplacePaths"/> name the fields that force it (a reference field when
    /// the referenced object gets a new id); <paramref name="Causes"/> say why in words.</summary>
    public sealed record Replace(ObjectRef Ref, DesiredPipelineObject Desired, RecordedPipelineObject Recorded, ConnectionChanges Changes,
        IReadOnlyList<string> Causes) : PipelineChange(Ref)
    {
        public override ConnectionAction Action => ConnectionAction.Replace;
        public override IReadOnlyList<string> ChangedPaths => Changes.ChangedPaths;

        /// <summary><c>replaced because connections.mixpanel is replaced</c>.</summary>
        public string Reason => "replaced because " + string.Join("; ", Causes);
    }

    /// <summary>DELETE an object whose definition is gone.</summary>
    public sealed record Delete(ObjectRef Ref, RecordedPipelineObject Recorded) : PipelineChange(Ref)
    {
        public override ConnectionAction Action => ConnectionAction.Delete;
    }

    /// <summary>DELETE the old half of an earlier replacement (<see cref="RecordedState.Superseded"/>);
    /// <see cref="PipelineChange.Ref"/> is its <see cref="SupersededObject.PlanRef"/>. A base connection's too.</summary>
    public sealed record DeleteSuperseded(ObjectRef Ref, SupersededObject Old) : PipelineChange(Ref)
    {
        public override ConnectionAction Action => ConnectionAction.Delete;
    }

    /// <summary>Drop a record and leave its object on the service (retained, or moved to another key).</summary>
    public sealed record Forget(ObjectRef Ref, RecordedPipelineObject Recorded) : PipelineChange(Ref)
    {
        public override ConnectionAction Action => ConnectionAction.Forget;
    }

    /// <summary>No decision possible for <paramref name="Intended"/>: <paramref name="Reason"/> says why and what to do.
    /// <see cref="PipelineChange.Ref"/> may be a base connection whose delete the graph refuses.</summary>
    public sealed record Refused(ObjectRef Ref, ConnectionAction Intended, string Reason) : PipelineChange(Ref)
    {
        public override ConnectionAction Action => Intended;
        public override string? Error => Reason;
    }
}
