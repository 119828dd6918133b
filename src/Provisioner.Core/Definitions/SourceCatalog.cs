using System.Collections.Frozen;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Provisioner.Core.Definitions;

/// <summary>
/// Source alias → connection spec id (<c>mixpanel</c> → fd2c8ff3-…): production data both hosts need, the plugin
/// for its set resource and the CLI for every target. Read from the emulator's catalog file, which Core embeds by
/// link (the file stays the one source of truth, and no production host has to ship the emulator assembly); the
/// emulator keeps its own full catalog of specs. Parsed once, on first use, with YamlDotNet's representation model
/// (no reflection: safe for the AOT-published plugin). Only <c>sources[].alias</c> and <c>sources[].id</c> are
/// read (and <c>destinations[]</c>'s); the emulator validates the rest of the file.
/// </summary>
public static class SourceCatalog
{
    private const string EmbeddedName = "Provisioner.Core.connection-specs.yaml";
    private static readonly string[] ListNames = ["sources", "destinations"];

    private static readonly Lazy<FrozenDictionary<string, string>> Embedded = new(() =>
    {
        using var stream = typeof(SourceCatalog).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException($"embedded resource '{EmbeddedName}' is missing from Provisioner.Core");
        using var reader = new StreamReader(stream);
        return ReadAliases(reader);
    });

    /// <summary>The embedded table; the same instance on every access.</summary>
    public static IReadOnlyDictionary<string, string> Aliases => Embedded.Value;

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
