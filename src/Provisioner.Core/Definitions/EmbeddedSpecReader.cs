using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Provisioner.Core.Definitions;

/// <summary>
/// Reads the connection specs of a catalog file in the emulator's format (<c>sources[]</c> and <c>destinations[]</c> with <c>authSpecs[].params</c>)
/// into the shape <c>GET /connectionSpecs/{id}</c> serves: each auth spec's params become a draft-07 JSON Schema
/// (<c>required: true</c> → <c>required</c>, <c>secret: true</c> → <c>format: password</c>). The representation model
/// keeps it reflection-free for the AOT-published plugin. The emulator validates the file; entries this reader cannot
/// use are skipped.
/// </summary>
internal static class EmbeddedSpecReader
{
    public static IReadOnlyList<ConnectionSpec> Read(YamlMappingNode root)
    {
        var defaultVersion = Scalar(Child(root, "defaults"), "version") ?? ConnectionSpecRef.DefaultVersion;
        var specs = new List<ConnectionSpec>();
        foreach (var (listName, isDestination) in new[] { ("sources", false), ("destinations", true) })
        {
            if (Child(root, listName) is YamlSequenceNode list)
            {
                specs.AddRange(list.Children.OfType<YamlMappingNode>().Select(entry => ReadSpec(entry, defaultVersion, isDestination)).OfType<ConnectionSpec>());
            }
        }
        return specs;
    }

    private static ConnectionSpec? ReadSpec(YamlMappingNode entry, string defaultVersion, bool isDestination)
    {
        if (Scalar(entry, "id") is not { } id || Scalar(entry, "name") is not { } name)
        {
            return null;
        }
        var authSpecs = (Child(entry, "authSpecs") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
            .Where(a => Scalar(a, "name") is not null)
            .Select(a => new AuthSpec { Name = Scalar(a, "name")!, Type = Scalar(a, "type"), Spec = Schema(a) })
            .ToArray() ?? [];
        return new ConnectionSpec
        {
            Id = id.ToLowerInvariant(),
            Name = name,
            Version = Scalar(entry, "version") ?? defaultVersion,
            AuthSpecs = authSpecs,
            // The attributes the service serves and ConnectionKinds reads: the list a spec is in decides its kind.
            Attributes = new JsonObject
            {
                ["connectorName"] = Scalar(entry, "connectorName"),
                ["category"] = Scalar(entry, "category"),
                ["isSource"] = !isDestination,
                ["isDestination"] = isDestination,
            },
        };
    }

    private static JsonObject Schema(YamlMappingNode authSpec)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var param in (Child(authSpec, "params") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
        {
            if (Scalar(param, "name") is not { } name)
            {
                continue;
            }
            var type = Scalar(param, "type") ?? "string";
            var schema = new JsonObject { ["type"] = type };
            if (Scalar(param, "description") is { } description) schema["description"] = description;
            if (Flag(param, "secret")) schema["format"] = "password";
            if (Scalar(param, "pattern") is { } pattern) schema["pattern"] = pattern;
            if (Child(param, "enum") is YamlSequenceNode values)
            {
                schema["enum"] = new JsonArray(values.Children.OfType<YamlScalarNode>().Select(v => (JsonNode?)JsonValue.Create(v.Value)).ToArray());
            }
            if (Scalar(param, "default") is { } raw && Typed(raw, type) is { } value) schema["default"] = value;
            properties[name] = schema;
            if (Flag(param, "required")) required.Add((JsonNode?)JsonValue.Create(name));
        }
        return new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = required,
        };
    }

    private static JsonValue? Typed(string raw, string type) => type switch
    {
        "integer" when long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        "number" when double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        "boolean" when bool.TryParse(raw, out var b) => JsonValue.Create(b),
        "string" => JsonValue.Create(raw),
        _ => null,
    };

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? node, string key) => Child(node, key) is YamlScalarNode { Value: { } v } ? v : null;

    private static bool Flag(YamlNode node, string key) => string.Equals(Scalar(node, key), "true", StringComparison.OrdinalIgnoreCase);
}
