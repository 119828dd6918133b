using YamlDotNet.RepresentationModel;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>
/// Source alias → connection spec id (<c>mixpanel</c> → fd2c8ff3-…), read from the emulator's catalog file, which
/// the plugin embeds by link rather than referencing the emulator assembly (a production plugin must not ship the
/// emulator). The CLI reads the same file through the emulator's catalog, so both hosts know the same aliases.
/// Only <c>sources[].alias</c> and <c>sources[].id</c> are read; the emulator validates the rest.
/// </summary>
public static class SourceAliases
{
    private const string EmbeddedName = "Provisioner.PulumiProvider.connection-specs.yaml";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Embedded = new(() =>
    {
        using var stream = typeof(SourceAliases).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException($"embedded resource '{EmbeddedName}' is missing from the plugin");
        using var reader = new StreamReader(stream);
        return Read(reader);
    });

    public static IReadOnlyDictionary<string, string> Table => Embedded.Value;

    public static IReadOnlyDictionary<string, string> Read(TextReader yaml)
    {
        var stream = new YamlStream();
        stream.Load(yaml);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("sources"), out var sources) || sources is not YamlSequenceNode list)
        {
            return table;
        }
        foreach (var source in list.Children.OfType<YamlMappingNode>())
        {
            if (source.Children.TryGetValue(new YamlScalarNode("alias"), out var alias) && alias is YamlScalarNode { Value: { } a }
                && source.Children.TryGetValue(new YamlScalarNode("id"), out var id) && id is YamlScalarNode { Value: { } i })
            {
                table[a] = i;
            }
        }
        return table;
    }
}
