using YamlDotNet.RepresentationModel;

namespace Provisioner.Core.Tests.Definitions;

/// <summary>A YAML text's root mapping, as the embedded catalogs read their files.</summary>
internal static class TestYaml
{
    public static YamlMappingNode Mapping(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
