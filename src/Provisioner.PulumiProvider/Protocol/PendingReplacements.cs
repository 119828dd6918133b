using System.Collections.Concurrent;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>
/// The old id of each resource the engine is replacing, noted when Diff answers "replace" and taken by the Create of
/// the same URN. <c>CreateRequest</c> carries no old id, but the engine diffs a resource right before it creates its
/// replacement, in the same provider process; without this a create could only call the object Pulumi is about to
/// delete "another object of the same name".
/// </summary>
public sealed class PendingReplacements
{
    private readonly ConcurrentDictionary<string, string> _oldIds = new(StringComparer.Ordinal);

    public void Note(string urn, string oldId) => _oldIds[urn] = oldId;

    /// <summary>The id the resource at <paramref name="urn"/> is replacing, once; null when it is a plain create.</summary>
    public string? Take(string urn) => _oldIds.TryRemove(urn, out var id) ? id : null;
}
