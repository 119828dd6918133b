using System.Collections.Frozen;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Provisioner.Core.Definitions;

/// <summary>
/// The embedded catalog every host shares: alias → connection spec id (<c>mixpanel</c> → fd2c8ff3-…, <c>s3-destination</c>
/// → 4fce964d-…) for sources and destinations, and the connection specs themselves, for validation that must not
/// call the service (a Pulumi preview, <c>validate</c>). Read from the emulator's catalog file, which Core embeds by
/// link (the file stays the one source of truth, and no production host has to ship the emulator assembly). Parsed
/// once, on first use, with YamlDotNet's representation model (no reflection: safe for the AOT-published plugin); the
/// emulator validates the file.
/// </summary>
public static class SourceCatalog
{
    private const string EmbeddedName = "Provisioner.Core.connection-specs.yaml";
    private static readonly string[] ListNames = ["sources", "destinations"];

    private static readonly Lazy<string> EmbeddedText = new(() => EmbeddedResourceText.Read(EmbeddedName));

    private static readonly Lazy<FrozenDictionary<string, string>> Embedded = new(() => ReadAliases(new StringReader(EmbeddedText.Value)));

    private static readonly Lazy<InMemoryConnectionSpecCatalog> EmbeddedSpecs = new(() =>
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(EmbeddedText.Value));
        // The embedded file is a build input the emulator validates: one that is not a mapping fails here, loudly,
        // instead of reading as a catalog without specs (every alias unknown).
        return new InMemoryConnectionSpecCatalog(EmbeddedSpecReader.Read((YamlMappingNode)stream.Documents[0].RootNode), Embedded.Value);
    });

    /// <summary>The embedded table; the same instance on every access.</summary>
    public static IReadOnlyDictionary<string, string> Aliases => Embedded.Value;

    /// <summary>The embedded specs and aliases as a catalog: what offline validation checks against. The live service
    /// may know specs this does not (a spec id not in it is validated against the service when applying).</summary>
    public static InMemoryConnectionSpecCatalog Offline => EmbeddedSpecs.Value;
    /// <summary>The alias table of a catalog file in the emulator's format (sources and destinations); a file without either list gives none.</summary>
    /// <exception cref="YamlException">The text is not YAML.</exception>
    public static FrozenDictionary<string, string> ReadAliases(TextReader yaml)
    {
        var stream = new YamlStream();
        stream.Load(yaml);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return table.ToFrozenDictionary(StringComparer.Ordinal);
        }
        // Destinations share the alias table: whether a spec is a source or a destination is the spec's own
        // attribute (isSource / isDestination), which the resolver reads from the spec itself.
        foreach (var listName in ListNames)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode(listName), out var entries) || entries is not YamlSequenceNode list)
            {
                continue;
            }
            foreach (var entry in list.Children.OfType<YamlMappingNode>())
            {
                if (entry.Children.TryGetValue(new YamlScalarNode("alias"), out var alias) && alias is YamlScalarNode { Value: { } a }
                    && entry.Children.TryGetValue(new YamlScalarNode("id"), out var id) && id is YamlScalarNode { Value: { } i })
                {
                    table[a] = i;
                }
            }
        }
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
