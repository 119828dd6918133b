using System.Text.Json;
using Json.Schema;

namespace Provisioner.PulumiProvider.Tests.Harness;

/// <summary>Validates JSON against one of Pulumi's own JSON Schemas in ../shared/reference/pulumi-schemas.</summary>
internal static class SchemaValidation
{
    /// <returns>Every error as "instance-location: message"; empty when valid.</returns>
    public static IReadOnlyList<string> Validate(string schemaFile, JsonElement instance)
    {
        var schemaText = File.ReadAllText(Path.Combine(RepoRoot.SharedDirectory(), "reference", "pulumi-schemas", schemaFile));
        var schema = JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }
        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid (no details)")
            .ToList();
    }
}
