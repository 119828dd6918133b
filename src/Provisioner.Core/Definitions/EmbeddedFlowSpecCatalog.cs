using YamlDotNet.RepresentationModel;

namespace Provisioner.Core.Definitions;

/// <summary>A target connection spec the embedded catalog knows (Data Lake) and the <c>params</c> a target connection
/// of it must carry (<c>dataSetId</c>).</summary>
public sealed record TargetSpecInfo(string Id, string Name, string Version, IReadOnlyList<string> RequiredParams);

/// <summary>
/// The flow specs and target connection specs of the emulator's <c>Catalog/flow-specs.yaml</c>, embedded by link
/// (one file, no emulator dependency; the file says which pairs are documented and which inferred). Read once, with
/// the reflection-free representation model (AOT-safe); the emulator validates the file. Offline this is all a
/// preview knows: a flow spec id it lacks is accepted with a note and looked up live at apply.
/// </summary>
public sealed class EmbeddedFlowSpecCatalog : IFlowSpecCatalog
{
    private const string EmbeddedName = "Provisioner.Core.flow-specs.yaml";

    private static readonly Lazy<EmbeddedFlowSpecCatalog> Embedded = new(() =>
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(EmbeddedResourceText.Read(EmbeddedName)));
        return new EmbeddedFlowSpecCatalog((YamlMappingNode)stream.Documents[0].RootNode);
    });

    private readonly IReadOnlyList<FlowSpecInfo> _flowSpecs;

    // Internal, not private: the shared instance is built once per process, so tests read their own files through this.
    internal EmbeddedFlowSpecCatalog(YamlMappingNode root)
    {
        _flowSpecs = Entries(root, "flowSpecs")
            .Select(f => new FlowSpecInfo(Scalar(f, "id")!, Scalar(f, "name")!, Scalar(f, "version") ?? ConnectionSpecRef.DefaultVersion,
                Strings(f, "sourceConnectionSpecIds"), Strings(f, "targetConnectionSpecIds")))
            .ToArray();
        TargetSpecs = Entries(root, "targetConnectionSpecs")
            .Select(t => new TargetSpecInfo(Scalar(t, "id")!, Scalar(t, "name")!, Scalar(t, "version") ?? ConnectionSpecRef.DefaultVersion,
                Strings(t, "requiredParams")))
            .ToArray();
    }

    /// <summary>The embedded catalog; the same instance on every access.</summary>
    public static EmbeddedFlowSpecCatalog Instance => Embedded.Value;

    public IReadOnlyList<TargetSpecInfo> TargetSpecs { get; }

    public IReadOnlyCollection<string> KnownNames => _flowSpecs.Select(f => f.Name).ToArray();

    public TargetSpecInfo? FindTargetSpec(string id) => TargetSpecs.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));

    public Task<FlowSpecInfo?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_flowSpecs.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal)));

    public Task<FlowSpecInfo?> GetFlowSpecAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_flowSpecs.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase)));

    private static IEnumerable<YamlMappingNode> Entries(YamlMappingNode root, string list) =>
        root.Children.TryGetValue(new YamlScalarNode(list), out var node) && node is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlMappingNode>().Where(e => Scalar(e, "id") is not null && Scalar(e, "name") is not null)
            : [];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlScalarNode { Value: { } v } ? v : null;

    private static string[] Strings(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(s => s.Value).OfType<string>().ToArray()
            : [];
}
