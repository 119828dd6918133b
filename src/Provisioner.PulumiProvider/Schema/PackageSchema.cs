using System.Text.Json.Nodes;
using Provisioner.PulumiProvider.Configuration;

namespace Provisioner.PulumiProvider.Schema;

/// <summary>
/// The package schema GetSchema returns (Pulumi YAML and SDK generation read it). The resource and function parts
/// live in the embedded schema.json; the config part is filled from <see cref="ConfigKey.All"/> so descriptions
/// and secret flags cannot drift from what CheckConfig enforces.
/// </summary>
public static class PackageSchema
{
    private static readonly Lazy<string> Text = new(Build);

    /// <summary>The JSON text, built once per process.</summary>
    public static string Json => Text.Value;

    private static string Build()
    {
        using var stream = typeof(PackageSchema).Assembly.GetManifestResourceStream("Provisioner.PulumiProvider.Schema.schema.json")
            ?? throw new InvalidOperationException("embedded schema.json is missing");
        var schema = JsonNode.Parse(stream)!.AsObject();
        schema["version"] = ProviderVersion.Value;

        var variables = schema["config"]!["variables"]!.AsObject();
        foreach (var key in ConfigKey.All)
        {
            var spec = variables[key.Name]!.AsObject();
            spec["description"] = key.Description + $" Environment fallback: {key.EnvironmentVariable}.";
        }

        var provider = schema["provider"]!.AsObject();
        provider["inputProperties"] = variables.DeepClone();
        // The provider resource's outputs: only non-secret settings are worth echoing.
        var outputs = new JsonObject();
        foreach (var key in ConfigKey.All.Where(k => !k.Secret))
        {
            outputs[key.Name] = new JsonObject { ["type"] = "string", ["description"] = key.Description };
        }
        provider["properties"] = outputs;
        return schema.ToJsonString();
    }
}
