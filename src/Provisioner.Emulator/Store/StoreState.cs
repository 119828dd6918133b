using System.Collections.Immutable;

namespace Provisioner.Emulator.Store;

/// <summary>Everything the emulator persists. Immutable, so readers never see a half-applied write.</summary>
internal sealed record StoreState(ImmutableDictionary<string, StoredConnection> Connections, long NextSequence)
{
    public static readonly StoreState Empty = new(ImmutableDictionary<string, StoredConnection>.Empty.WithComparers(StringComparer.Ordinal), 1);
}
