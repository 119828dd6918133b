using Provisioner.Core.Definitions;

namespace Provisioner.Benchmarks;

/// <summary>Parsing a definitions file (YamlDotNet's event parser into the positioned tree, then validation):
/// the CLI's every command and the Pulumi set resource's every Check/Diff start with it.</summary>
public class DefinitionsBenchmarks
{
    private string _yaml = null!;

    [Params(10, 1000)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup() => _yaml = Fixture.DefinitionsYaml(Connections);

    [Benchmark]
    public int Parse()
    {
        var result = DefinitionsParser.Parse(_yaml, "connections.yaml");
        return result.Succeeded ? result.Document.Connections.Count : throw new InvalidOperationException(result.Errors[0].ToString());
    }
}
