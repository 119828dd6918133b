using static Provisioner.Emulator.Catalog.CatalogYaml;

namespace Provisioner.Emulator.Catalog;

/// <summary>A flow spec: which source connection specs it carries data from, and to which target specs.</summary>
public sealed record CatalogFlowSpec(string Id, string Name, string ProviderId, string Version,
    IReadOnlyList<string> SourceConnectionSpecIds, IReadOnlyList<string> TargetConnectionSpecIds) : ICatalogSpec
{
    public bool PairsSource(string connectionSpecId) => SourceConnectionSpecIds.Contains(connectionSpecId, StringComparer.OrdinalIgnoreCase);

    public bool PairsTarget(string connectionSpecId) => TargetConnectionSpecIds.Contains(connectionSpecId, StringComparer.OrdinalIgnoreCase);

    /// <summary>The spec as <c>GET /flowSpecs/{id}</c> serves it (<c>FlowSpecItemDTO</c>; a fresh object each call).</summary>
    public JsonObject ToServiceJson() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["providerId"] = ProviderId,
        ["version"] = Version,
        ["sourceConnectionSpecIds"] = new JsonArray(SourceConnectionSpecIds.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
        ["targetConnectionSpecIds"] = new JsonArray(TargetConnectionSpecIds.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
        ["attributes"] = new JsonObject { ["isSourceFlow"] = true, ["frequency"] = "batch" },
    };
}

/// <summary>A target connection spec (Data Lake) and the <c>params</c> a target connection of it must carry.</summary>
public sealed record CatalogTargetSpec(string Id, string Name, string Version, IReadOnlyList<string> RequiredParams);

/// <summary>
/// The flow specs and target connection specs the emulator knows, read from <c>Catalog/flow-specs.yaml</c>
/// (embedded; the file says which facts are documented and which inferred).
/// </summary>
public sealed class FlowSpecCatalog
{
    private static readonly Lazy<FlowSpecCatalog> Embedded = new(() => ReadEmbedded("flow-specs.yaml", Load));

    private FlowSpecCatalog(IReadOnlyList<CatalogFlowSpec> flowSpecs, IReadOnlyList<CatalogTargetSpec> targetSpecs)
    {
        FlowSpecs = flowSpecs;
        TargetSpecs = targetSpecs;
    }

    public IReadOnlyList<CatalogFlowSpec> FlowSpecs { get; }

    public IReadOnlyList<CatalogTargetSpec> TargetSpecs { get; }

    public static FlowSpecCatalog LoadEmbedded() => Embedded.Value;

    /// <summary>By flowSpec.id (GUIDs compare case-insensitively).</summary>
    public CatalogFlowSpec? FindFlowSpec(string id) => FlowSpecs.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase));

    public CatalogTargetSpec? FindTargetSpec(string id) => TargetSpecs.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <exception cref="CatalogException">The YAML is malformed or an entry is incomplete.</exception>
    public static FlowSpecCatalog Load(TextReader yaml, string sourceName)
    {
        var file = Deserialize<FileShape>(yaml, sourceName);
        var flowSpecs = file.FlowSpecs.Select((f, i) =>
        {
            var where = $"{sourceName}: flowSpecs[{i}]";
            return new CatalogFlowSpec(Guid(f.Id, "id", where), Required(f.Name, "name", where), Guid(f.ProviderId, "providerId", where),
                Required(f.Version, "version", where),
                NonEmpty(f.SourceConnectionSpecIds, "sourceConnectionSpecIds", where).Select(s => Guid(s, "sourceConnectionSpecIds[]", where)).ToArray(),
                NonEmpty(f.TargetConnectionSpecIds, "targetConnectionSpecIds", where).Select(s => Guid(s, "targetConnectionSpecIds[]", where)).ToArray());
        }).ToArray();
        var targetSpecs = file.TargetConnectionSpecs.Select((t, i) =>
        {
            var where = $"{sourceName}: targetConnectionSpecs[{i}]";
            return new CatalogTargetSpec(Guid(t.Id, "id", where), Required(t.Name, "name", where), Required(t.Version, "version", where), t.RequiredParams);
        }).ToArray();
        if (flowSpecs.Length == 0 || targetSpecs.Length == 0) throw new CatalogException($"{sourceName}: no flow specs or no target connection specs are defined.");
        return new FlowSpecCatalog(flowSpecs, targetSpecs);
    }

    private static string Guid(string? value, string field, string where) =>
        System.Guid.TryParse(Required(value, field, where), out _) ? value!.ToLowerInvariant() : throw new CatalogException($"{where}: {field} '{value}' is not a GUID.");

    private static List<string> NonEmpty(List<string>? list, string field, string where) =>
        list is { Count: > 0 } ? list : throw new CatalogException($"{where}: '{field}' is missing or empty.");

    // YAML shapes (mutable for the deserializer).
    private sealed class FileShape
    {
        public List<TargetEntry> TargetConnectionSpecs { get; set; } = [];
        public List<FlowEntry> FlowSpecs { get; set; } = [];
    }

    private sealed class TargetEntry : SpecEntry
    {
        public List<string> RequiredParams { get; set; } = [];
    }

    private sealed class FlowEntry : SpecEntry
    {
        public List<string>? SourceConnectionSpecIds { get; set; }
        public List<string>? TargetConnectionSpecIds { get; set; }
    }
}
