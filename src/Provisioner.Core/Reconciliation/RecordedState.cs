using System.Collections.Immutable;
using Provisioner.Core.Connections;

namespace Provisioner.Core.Reconciliation;

/// <summary>What a host remembers about one connection it manages: the service id, the etag of its last write and
/// the inputs last applied (secret params in the form the host's <see cref="SecretValueRecorder"/> gives them).</summary>
public sealed record RecordedConnection(string Id, string Etag, DesiredConnection Inputs, IReadOnlySet<string> SecretParams);

/// <summary>Everything a host remembers, by logical key. Immutable: apply returns a new one.</summary>
public sealed record RecordedState(ImmutableSortedDictionary<string, RecordedConnection> Connections)
{
    public static RecordedState Empty { get; } = new(ImmutableSortedDictionary.Create<string, RecordedConnection>(StringComparer.Ordinal));

    public static RecordedState From(IEnumerable<KeyValuePair<string, RecordedConnection>> connections) =>
        new(connections.ToImmutableSortedDictionary(StringComparer.Ordinal));
}
