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

    // After NoPipeline: static initializers run in text order, and Empty's Pipeline is NoPipeline.
    public static RecordedState Empty { get; } = new(ImmutableSortedDictionary.Create<string, RecordedConnection>(StringComparer.Ordinal));

    public static RecordedState From(IEnumerable<KeyValuePair<string, RecordedConnection>> connections) =>
        new(connections.ToImmutableSortedDictionary(StringComparer.Ordinal));

    /// <summary>A <see cref="Pipeline"/> holding <paramref name="objects"/>, keyed by their <see cref="RecordedPipelineObject.Ref"/>.</summary>
    public static ImmutableSortedDictionary<ObjectRef, RecordedPipelineObject> PipelineFrom(IEnumerable<RecordedPipelineObject> objects) =>
        objects.ToImmutableSortedDictionary(o => o.Ref, o => o, ObjectRefOrder.Instance);
}
