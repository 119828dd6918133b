using Provisioner.Core.Connections;

namespace Provisioner.Core.Reconciliation;

/// <summary>One wanted connection of a set. <see cref="SecretParams"/> names the params whose values are secrets
/// (the spec marks them <c>format: password</c>, or the definition gave a <c>{ secret: … }</c> reference): they are
/// never printed and a host without secret storage records only their fingerprint.</summary>
public sealed record DesiredEntry(string Key, DesiredConnection Connection, IReadOnlySet<string> SecretParams);

/// <summary>Everything the definitions ask for, by logical key.</summary>
public sealed record DesiredConnectionSet(IReadOnlyDictionary<string, DesiredEntry> Entries)
{
    /// <summary>The source connections, target connections and dataflows the definitions declare, in dependency order
    /// (empty for a file with only <c>connections:</c>).</summary>
    public IReadOnlyList<Pipeline.DesiredPipelineObject> Pipeline { get; init; } = [];

    public static DesiredConnectionSet From(IEnumerable<DesiredEntry> entries) =>
        new(entries.ToDictionary(e => e.Key, StringComparer.Ordinal));
}
