namespace Provisioner.FlowService.Models;

/// <summary>A flow spec (<c>GET /flowSpecs/{id}</c> → <c>items[0]</c>, OAS <c>FlowSpecItemDTO</c>), reduced to what
/// planning a dataflow needs: identity and which source and target connection specs it pairs.</summary>
public sealed record FlowSpec : CatalogSpec
{
    [JsonPropertyName("sourceConnectionSpecIds")] public IReadOnlyList<string> SourceConnectionSpecIds { get; init; } = [];
    [JsonPropertyName("targetConnectionSpecIds")] public IReadOnlyList<string> TargetConnectionSpecIds { get; init; } = [];

    /// <summary>Whether a dataflow of this spec may read from a source connection of <paramref name="sourceSpecId"/>
    /// into a target connection of <paramref name="targetSpecId"/>.</summary>
    public bool Pairs(string sourceSpecId, string targetSpecId) =>
        SourceConnectionSpecIds.Contains(sourceSpecId, StringComparer.OrdinalIgnoreCase)
        && TargetConnectionSpecIds.Contains(targetSpecId, StringComparer.OrdinalIgnoreCase);
}
