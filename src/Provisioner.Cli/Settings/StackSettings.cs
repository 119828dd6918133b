using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Provisioner.Cli.Settings;

/// <summary>
/// The plain <c>aep:*</c> provider settings of a Pulumi stack file (<c>stacks/Pulumi.&lt;stack&gt;.yaml</c>), so the
/// CLI and <c>pulumi up</c> target the same org and sandbox. Encrypted (<c>secure:</c>) values cannot be read
/// without Pulumi; secrets come from environment variables instead (AEP_CLIENT_SECRET, AEP_ACCESS_TOKEN).
/// </summary>
internal sealed record StackSettings(string? Endpoint, string? ImsEndpoint, string? ClientId, string? OrgId, string? SandboxName)
{
    private static readonly string[] Known = ["endpoint", "imsEndpoint", "clientId", "orgId", "sandboxName"];

    public static string PathFor(string workingDirectory, string stack) => Path.Combine(workingDirectory, "stacks", $"Pulumi.{stack}.yaml");

    /// <exception cref="CliException">The file is missing or unreadable; the message says where.</exception>
    public static StackSettings Load(string path, string displayPath)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{displayPath}: stack file not found");
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("config"), out var configNode))
            {
                if (configNode is not YamlMappingNode config)
                {
                    throw new CliException($"{displayPath}:{configNode.Start.Line}:{configNode.Start.Column} config: expected a mapping");
                }
                foreach (var (keyNode, valueNode) in config.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value ?? "";
                    if (!key.StartsWith("aep:", StringComparison.Ordinal) || !Known.Contains(key[4..]))
                    {
                        continue; // other providers' settings and secure values are not ours to read
                    }
                    if (valueNode is not YamlScalarNode { Value: { } value })
                    {
                        throw new CliException($"{displayPath}:{valueNode.Start.Line}:{valueNode.Start.Column} config.{key}: expected a plain value "
                            + "(secrets are read from environment variables, not from the stack file)");
                    }
                    values[key[4..]] = value;
                }
            }
        }
        catch (YamlException e)
        {
            throw new CliException($"{displayPath}:{e.Start.Line}:{e.Start.Column}: malformed YAML: {e.Message}");
        }
        return new StackSettings(values.GetValueOrDefault("endpoint"), values.GetValueOrDefault("imsEndpoint"),
            values.GetValueOrDefault("clientId"), values.GetValueOrDefault("orgId"), values.GetValueOrDefault("sandboxName"));
    }
}
