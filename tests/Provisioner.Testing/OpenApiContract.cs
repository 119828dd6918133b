using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Provisioner.Testing;

/// <summary>
/// An OpenAPI 3.0 document (Adobe's, from <c>shared/reference/adobe-openapi/</c>) used as a contract: find the
/// operation for a method + concrete path, then validate JSON bodies against its request or response schema
/// (with <c>#/components/…</c> refs resolved) and list the headers it requires.
/// </summary>
public sealed class OpenApiContract
{
    private static readonly ConcurrentDictionary<string, OpenApiContract> Cache = new(StringComparer.Ordinal);

    private readonly JsonObject _document;

    private OpenApiContract(string name, JsonObject document)
    {
        Name = name;
        _document = document;
    }

    public string Name { get; }

    /// <summary>Loads (once per process) a file of <c>shared/reference/adobe-openapi</c>, e.g. <c>flow-service.yaml</c>.</summary>
    public static OpenApiContract LoadAdobe(string fileName = "flow-service.yaml") =>
        Load(Path.Combine(RepoRoot.AdobeOpenApiDirectory(), fileName));

    public static OpenApiContract Load(string path) => Cache.GetOrAdd(Path.GetFullPath(path), full =>
        YamlJson.ParseFile(full) is JsonObject doc && doc["paths"] is JsonObject
            ? new OpenApiContract(Path.GetFileName(full), doc)
            : throw new InvalidDataException($"'{full}' is not an OpenAPI document (no 'paths')."));

    /// <summary>
    /// The operation serving <paramref name="method"/> on <paramref name="concretePath"/>. The path may be relative to
    /// the Flow Service base (<c>/connections/abc</c>) or full (<c>/data/foundation/flowservice/connections/abc</c>),
    /// may carry a query string, and a trailing slash is ignored on both sides (the OAS declares some paths with one).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No path template of the document matches.</exception>
    public OpenApiOperation FindOperation(string method, string concretePath)
    {
        var path = concretePath.Split('?')[0];
        const string basePath = "/data/foundation/flowservice";
        if (path.StartsWith(basePath, StringComparison.Ordinal)) path = path[basePath.Length..];
        var actual = Segments(path);
        var verb = method.ToLowerInvariant();

        // Prefer literal segments over template segments (/connections/search over /connections/{id}).
        var candidates = ((JsonObject)_document["paths"]!)
            .Where(p => p.Value is JsonObject ops && ops[verb] is JsonObject)
            .Select(p => (Template: p.Key, Segments: Segments(p.Key)))
            .Where(t => Matches(t.Segments, actual))
            .OrderByDescending(t => t.Segments.Count(s => !s.StartsWith('{')))
            .ToList();
        if (candidates.Count == 0)
        {
            throw new KeyNotFoundException($"{Name}: no operation for {method.ToUpperInvariant()} {concretePath}.");
        }

        var template = candidates[0].Template;
        return new OpenApiOperation(this, method.ToUpperInvariant(), template, (JsonObject)_document["paths"]![template]![verb]!);
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static bool Matches(string[] template, string[] actual) =>
        template.Length == actual.Length && template.Zip(actual).All(p => p.First.StartsWith('{') || p.First == p.Second);

    /// <summary>Follows a <c>#/…</c> JSON pointer inside the document.</summary>
    internal JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) throw new NotSupportedException($"{Name}: external $ref '{reference}' is not supported.");
        JsonNode? node = _document;
        foreach (var raw in reference[2..].Split('/'))
        {
            var key = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node?[key];
        }

        return node ?? throw new KeyNotFoundException($"{Name}: $ref '{reference}' does not resolve.");
    }

    /// <summary>
    /// A self-contained JSON Schema for an OAS schema: refs inlined (a ref already being expanded becomes <c>{}</c>,
    /// so recursive schemas terminate), <c>nullable: true</c> → also allow null, OAS 3.0 boolean
    /// <c>exclusiveMinimum/Maximum</c> dropped (they mean something else in JSON Schema).
    /// </summary>
    internal JsonNode ToJsonSchema(JsonNode? schema, HashSet<string>? expanding = null)
    {
        expanding ??= new HashSet<string>(StringComparer.Ordinal);
        switch (schema)
        {
            case JsonObject obj when obj["$ref"] is JsonValue r && r.TryGetValue<string>(out var reference):
                if (!expanding.Add(reference)) return new JsonObject();
                var resolved = ToJsonSchema(Resolve(reference), expanding);
                expanding.Remove(reference);
                return resolved;
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key is "example" or "examples" or "xml" or "externalDocs" or "discriminator" or "nullable" || key.StartsWith("x-", StringComparison.Ordinal)) continue;
                    if (key is "exclusiveMinimum" or "exclusiveMaximum" && value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) continue;
                    result[key] = key is "properties" or "patternProperties" && value is JsonObject props
                        ? new JsonObject(props.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)ToJsonSchema(p.Value, expanding))))
                        : key is "items" or "additionalProperties" or "not" && value is JsonObject
                            ? ToJsonSchema(value, expanding)
                            : key is "allOf" or "anyOf" or "oneOf" && value is JsonArray list
                                ? new JsonArray(list.Select(s => (JsonNode?)ToJsonSchema(s, expanding)).ToArray())
                                : value?.DeepClone();
                }

                if (obj["nullable"] is JsonValue n && n.GetValueKind() == JsonValueKind.True && result["type"] is JsonValue t)
                {
                    result["type"] = new JsonArray(t.GetValue<string>(), "null");
                }

                return result;
            case null:
                return new JsonObject();
            default:
                return schema.DeepClone();
        }
    }
}

/// <summary>One operation of an <see cref="OpenApiContract"/>.</summary>
public sealed class OpenApiOperation
{
    private readonly OpenApiContract _contract;
    private readonly JsonObject _operation;

    internal OpenApiOperation(OpenApiContract contract, string method, string pathTemplate, JsonObject operation)
    {
        _contract = contract;
        _operation = operation;
        Method = method;
        PathTemplate = pathTemplate;
    }

    public string Method { get; }
    public string PathTemplate { get; }
    public string? OperationId => (string?)_operation["operationId"];

    /// <summary>Header parameters marked <c>required: true</c> (refs resolved), e.g. Authorization, x-api-key, x-gw-ims-org-id.</summary>
    public IReadOnlyList<string> RequiredHeaders => Parameters
        .Where(p => (string?)p["in"] == "header" && p["required"] is JsonValue r && r.GetValueKind() == JsonValueKind.True)
        .Select(p => (string)p["name"]!).ToArray();

    /// <summary>Every header parameter the operation declares.</summary>
    public IReadOnlyList<string> DeclaredHeaders => Parameters.Where(p => (string?)p["in"] == "header").Select(p => (string)p["name"]!).ToArray();

    /// <summary>Query parameters the operation declares (e.g. <c>op</c> and <c>subOp</c> of a state action).</summary>
    public IReadOnlyList<string> QueryParameters => Parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToArray();

    /// <summary>Status codes the operation documents (e.g. "200", "201", "403").</summary>
    public IReadOnlyList<string> DocumentedStatuses => (_operation["responses"] as JsonObject)?.Select(r => r.Key).ToArray() ?? [];

    private IEnumerable<JsonObject> Parameters => (_operation["parameters"] as JsonArray ?? [])
        .OfType<JsonObject>()
        .Select(p => p["$ref"] is JsonValue r ? (JsonObject)_contract.Resolve(r.GetValue<string>()) : p);

    /// <summary>The JSON request-body schema (refs inlined); null when the operation has no JSON body.</summary>
    public JsonNode? RequestSchema => Content(_operation["requestBody"]) is { } schema ? _contract.ToJsonSchema(schema) : null;

    /// <summary>The JSON response schema for a status (refs inlined; derived from the example when only an example is
    /// documented); null when that status documents no JSON body.</summary>
    /// <exception cref="KeyNotFoundException">The status is not documented (nor a <c>default</c> response).</exception>
    public JsonNode? ResponseSchema(int status)
    {
        var responses = _operation["responses"] as JsonObject;
        var response = responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses?["default"]
            ?? throw new KeyNotFoundException($"{_contract.Name}: {Method} {PathTemplate} documents no {status} response.");
        if (Content(response) is { } schema) return _contract.ToJsonSchema(schema);
        // Some operations (PATCH connection 200) document only an example: its shape is the contract then.
        return Example(response) is { } example ? SchemaFromExample(example) : null;
    }

    /// <summary>A schema requiring what an example shows: the same properties (all required) with the same JSON types.</summary>
    private static JsonObject SchemaFromExample(JsonNode example) => example switch
    {
        JsonObject obj => new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)(p.Value is null ? new JsonObject() : SchemaFromExample(p.Value))))),
            ["required"] = new JsonArray(obj.Select(p => (JsonNode)JsonValue.Create(p.Key)).ToArray()),
        },
        JsonArray array => array.Count > 0 && array[0] is { } first
            ? new JsonObject { ["type"] = "array", ["items"] = SchemaFromExample(first) }
            : new JsonObject { ["type"] = "array" },
        _ => new JsonObject
        {
            ["type"] = example.GetValueKind() switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => "null",
            },
        },
    };

    private JsonNode? Example(JsonNode? holder)
    {
        if (holder?["$ref"] is JsonValue r) holder = _contract.Resolve(r.GetValue<string>());
        var content = holder?["content"] as JsonObject;
        return content?.FirstOrDefault(c => c.Key.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)).Value?["example"];
    }

    public SchemaCheck ValidateRequest(JsonNode? body) =>
        Validate(RequestSchema ?? throw new InvalidOperationException($"{Method} {PathTemplate} has no JSON request body."), body, "request");

    public SchemaCheck ValidateResponse(int status, JsonNode? body) =>
        Validate(ResponseSchema(status) ?? throw new InvalidOperationException($"{Method} {PathTemplate} {status} has no JSON body schema."), body, $"{status} response");

    private JsonNode? Content(JsonNode? holder)
    {
        if (holder?["$ref"] is JsonValue r) holder = _contract.Resolve(r.GetValue<string>());
        var content = holder?["content"] as JsonObject;
        var json = content?.FirstOrDefault(c => c.Key.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)).Value;
        return json?["schema"];
    }

    private SchemaCheck Validate(JsonNode schemaNode, JsonNode? body, string what)
    {
        var schema = JsonSchema.FromText(schemaNode.ToJsonString());
        var instance = JsonSerializer.SerializeToElement(body);
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = new List<string>();
        Collect(result, errors);
        return new SchemaCheck($"{Method} {PathTemplate} {what}", result.IsValid, errors);
    }

    private static void Collect(EvaluationResults result, List<string> errors)
    {
        if (result.Errors is { } own)
        {
            errors.AddRange(own.Select(e => $"{result.InstanceLocation}: {e.Key}: {e.Value}"));
        }

        foreach (var detail in result.Details ?? []) Collect(detail, errors);
    }
}

/// <summary>The outcome of a contract check; <see cref="ToString"/> lists every error with its JSON location.</summary>
public sealed record SchemaCheck(string What, bool IsValid, IReadOnlyList<string> Errors)
{
    public override string ToString() => IsValid ? $"{What}: valid" : $"{What}: invalid\n  " + string.Join("\n  ", Errors);
}
