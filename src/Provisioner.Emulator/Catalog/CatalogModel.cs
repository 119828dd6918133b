namespace Provisioner.Emulator.Catalog;

/// <summary>What <c>GET /connections/{id}/explore?objectType=root</c> shows for a source.</summary>
public enum ExploreKind
{
    /// <summary>Folders and files (cloud storage).</summary>
    Files,
    /// <summary>Tables or objects (databases, CRM, SaaS APIs).</summary>
    Tables,
    /// <summary>Explore unsupported (streaming): FLOW-1336-400.</summary>
    None,
}

/// <summary>What a catalog entry served under <c>/connectionSpecs</c> or <c>/flowSpecs</c> has: the fields a
/// <c>property=</c> filter may name, and its service JSON.</summary>
internal interface ICatalogSpec
{
    string Id { get; }
    string Name { get; }
    string ProviderId { get; }
    string Version { get; }

    /// <summary>The entry as the service serves it (a fresh object each call).</summary>
    JsonObject ToServiceJson();
}

/// <summary>One connection spec of the catalog — a source, or a destination when <see cref="IsDestination"/> — with
/// its auth specs. A spec with no auth specs (Data Landing Zone) takes connections without <c>auth</c>.</summary>
public sealed record CatalogSource(
    string Alias,
    string Id,
    string Name,
    string ConnectorName,
    string Category,
    string ProviderId,
    string Version,
    ExploreKind Explore,
    IReadOnlyList<CatalogAuthSpec> AuthSpecs,
    bool IsDestination = false) : ICatalogSpec
{
    /// <summary>Connections of this spec carry no <c>auth</c> object.</summary>
    public bool TakesNoAuth => AuthSpecs.Count == 0;

    /// <summary>The auth spec whose name equals <paramref name="specName"/> exactly (the service is case-sensitive).</summary>
    public CatalogAuthSpec? FindAuthSpec(string specName) =>
        AuthSpecs.FirstOrDefault(a => string.Equals(a.Name, specName, StringComparison.Ordinal));

    /// <summary>The spec as <c>GET /connectionSpecs/{id}</c> serves it (a fresh object each call).</summary>
    public JsonObject ToServiceJson() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["providerId"] = ProviderId,
        ["version"] = Version,
        ["authSpec"] = new JsonArray(AuthSpecs.Select(a => (JsonNode)a.ToServiceJson()).ToArray()),
        ["attributes"] = new JsonObject
        {
            ["category"] = Category,
            ["connectorName"] = ConnectorName,
            ["isSource"] = !IsDestination,
            ["isDestination"] = IsDestination,
            ["uiAttributes"] = new JsonObject
            {
                ["apiFeatures"] = new JsonObject { ["explorePaginationSupported"] = false },
            },
        },
        ["permissionsInfo"] = new JsonObject
        {
            ["view"] = PermissionJson("read"),
            ["manage"] = PermissionJson("write"),
        },
    };

    private static JsonArray PermissionJson(string permission) =>
    [
        new JsonObject
        {
            ["@type"] = "lowLevel",
            ["name"] = "EnterpriseSource",
            ["permissions"] = new JsonArray(permission),
        },
    ];
}

/// <summary>One auth spec (<c>auth.specName</c>) and the params a connection using it carries.</summary>
public sealed record CatalogAuthSpec(string Name, string Type, IReadOnlyList<CatalogParam> Params)
{
    public IEnumerable<string> RequiredParams => Params.Where(p => p.Required).Select(p => p.Name);

    /// <summary>Params the schema marks <c>format: password</c>: secrets, masked on read.</summary>
    public IEnumerable<string> SecretParams => Params.Where(p => p.Secret).Select(p => p.Name);

    public CatalogParam? FindParam(string name) =>
        Params.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    public bool IsSecret(string param) => FindParam(param)?.Secret == true;

    /// <summary>The draft-07 JSON Schema of <c>auth.params</c>, as served under <c>authSpec[].spec</c>.</summary>
    public JsonObject ToJsonSchema()
    {
        var properties = new JsonObject();
        foreach (var p in Params)
        {
            properties[p.Name] = p.ToJsonSchema();
        }

        return new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["type"] = "object",
            ["description"] = $"defines auth params required for connecting with '{Name}'",
            ["properties"] = properties,
            ["required"] = new JsonArray(RequiredParams.Select(r => (JsonNode)JsonValue.Create(r)).ToArray()),
        };
    }

    public JsonObject ToServiceJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["spec"] = ToJsonSchema(),
    };
}

/// <summary>One auth param. <see cref="Type"/> is a JSON Schema type: string, integer, number or boolean.</summary>
public sealed record CatalogParam(
    string Name,
    string Type,
    bool Required,
    bool Secret,
    string? Description = null,
    string? Pattern = null,
    IReadOnlyList<string>? Enum = null,
    JsonNode? Default = null)
{
    public JsonObject ToJsonSchema()
    {
        var schema = new JsonObject { ["type"] = Type };
        if (Description is not null) schema["description"] = Description;
        if (Secret) schema["format"] = "password";
        if (Pattern is not null) schema["pattern"] = Pattern;
        if (Enum is { Count: > 0 }) schema["enum"] = new JsonArray(Enum.Select(e => (JsonNode)JsonValue.Create(e)).ToArray());
        if (Default is not null) schema["default"] = Default.DeepClone();
        return schema;
    }
}
