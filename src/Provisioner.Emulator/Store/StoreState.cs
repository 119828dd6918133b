using System.Collections.Immutable;

namespace Provisioner.Emulator.Store;

/// <summary>Everything the emulator persists. Immutable, so readers never see a half-applied write.
/// <see cref="Resources"/> holds the source connections, target connections, flows and runs, keyed by id (ids are
/// GUIDs, unique across kinds).</summary>
internal sealed record StoreState(ImmutableDictionary<string, StoredConnection> Connections, long NextSequence)
{
    private static readonly ImmutableDictionary<string, StoredResource> NoResources =
        ImmutableDictionary<string, StoredResource>.Empty.WithComparers(StringComparer.Ordinal);

    public static readonly StoreState Empty = new(ImmutableDictionary<string, StoredConnection>.Empty.WithComparers(StringComparer.Ordinal), 1);

    public ImmutableDictionary<string, StoredResource> Resources { get; init; } = NoResources;

    /// <summary>This state without any connection or resource (the sequence keeps counting).</summary>
    public StoreState Cleared() => Connections.IsEmpty && Resources.IsEmpty ? this : this with { Connections = Connections.Clear(), Resources = Resources.Clear() };
}
