using System.Collections.Immutable;
using Provisioner.Core.Connections;
using Provisioner.Core.Pipeline;

namespace Provisioner.Core.Reconciliation;

/// <summary>What a host remembers about one connection it manages: the service id, the etag of its last write and
/// the inputs last applied (secret params in the form the host's <see cref="SecretValueRecorder"/> gives them).</summary>
public sealed record RecordedConnection(string Id, string Etag, DesiredConnection Inputs, IReadOnlySet<string> SecretParams);

/// <summary>Everything a host remembers: base connections by logical key, and the pipeline objects (source
/// connections, target connections, dataflows) by <see cref="ObjectRef"/> in dependency order. Immutable: apply
/// returns a new one.</summary>
public sealed record RecordedState(ImmutableSortedDictionary<string, RecordedConnection> Connections)
{
    /// <summary>The pipeline objects, ordered as plans are (level, kind, key); empty for a file with only connections.</summary>
    public ImmutableSortedDictionary<ObjectRef, RecordedPipelineObject> Pipeline { get; init; } = NoPipeline;

    /// <summary>An empty <see cref="Pipeline"/> in the one order (see <see cref="PipelineFrom"/>).</summary>
    public static ImmutableSortedDictionary<ObjectRef, RecordedPipelineObject> NoPipeline { get; } =
        ImmutableSortedDictionary.Create<ObjectRef, RecordedPipelineObject>(ObjectRefOrder.Instance);

    /// <summary>Old halves of replacements whose new halves are recorded but which are not deleted yet (a stop, or a
    /// delete that failed): recorded so the next run deletes them instead of leaving them on the service, unowned.</summary>
    public ImmutableList<SupersededObject> Superseded { get; init; } = [];

    /// <summary>Nothing for the pipeline planner: no pipeline object and no old half recorded.</summary>
    public bool HasNoPipeline => Pipeline.IsEmpty && Superseded.IsEmpty;

    // After NoPipeline: static initializers run in text order, and Empty's Pipeline is NoPipeline.
    public static RecordedState Empty { get; } = new(ImmutableSortedDictionary.Create<string, RecordedConnection>(StringComparer.Ordinal));

    public static RecordedState From(IEnumerable<KeyValuePair<string, RecordedConnection>> connections) =>
        new(connections.ToImmutableSortedDictionary(StringComparer.Ordinal));

    /// <summary>A <see cref="Pipeline"/> holding <paramref name="objects"/>, keyed by their <see cref="RecordedPipelineObject.Ref"/>.</summary>
    public static ImmutableSortedDictionary<ObjectRef, RecordedPipelineObject> PipelineFrom(IEnumerable<RecordedPipelineObject> objects) =>
        objects.ToImmutableSortedDictionary(o => o.Ref, o => o, ObjectRefOrder.Instance);
}

/// <summary>
/// The old half of a replacement still on the service: <paramref name="Of"/> is the key it belonged to
/// (<see cref="ObjectRef.Kind"/> null: a base connection), <paramref name="Id"/> the old object's id.
/// <paramref name="UsedBy"/>: recorded objects that still point at the old object because their own replacement did
/// not happen yet; the planner replaces them, and the old object is deleted only once none is left.
/// </summary>
public sealed record SupersededObject(ObjectRef Of, string Id, IReadOnlyList<ObjectRef> UsedBy)
{
    /// <summary>Where the old object sits in plans and waves: beside its key, told apart by its id
    /// (<c>connections.mixpanel (replaced 1a2b…)</c>), so its delete never mixes with the key's own steps.</summary>
    public ObjectRef PlanRef => new(Of.Kind, $"{Of.Key} (replaced {Id})");
}
