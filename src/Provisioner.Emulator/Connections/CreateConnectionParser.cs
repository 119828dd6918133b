namespace Provisioner.Emulator.Connections;

/// <summary>A POST /connections body that passed validation.</summary>
internal sealed record ValidCreateRequest(
    string Name,
    string? Description,
    CatalogSource Spec,
    CatalogAuthSpec? AuthSpec,
    IReadOnlyDictionary<string, JsonElement> Params);

/// <summary>Validates a create body in the order the service reports problems: shape, spec, auth spec, params.</summary>
internal static class CreateConnectionParser
{
    public static (ValidCreateRequest? Request, FlowError? Error) Parse(JsonNode body, ConnectionSpecCatalog catalog)
    {
        if (body is not JsonObject root) return (null, FlowError.BadRequest(1405, "The request body must be a JSON object."));

        var (resolved, specError) = ResolveSpec(root, catalog);
        if (specError is not null) return Fail(specError);
        var spec = resolved!;

        var (name, nameError) = JsonFields.OptionalString(root, "name", "name");
        if (nameError is not null) return Fail(nameError);
        if (string.IsNullOrWhiteSpace(name)) return Fail(FlowError.MissingField("name"));
        var (description, descriptionError) = JsonFields.OptionalString(root, "description", "description");
        if (descriptionError is not null) return Fail(descriptionError);

        // The OAS requires only name and connectionSpec; a spec that takes no auth (Data Landing Zone) is created
        // without it. Given anyway, its specName names no auth spec of that spec: 1415 below says so.
        if (spec.TakesNoAuth && root["auth"] is null)
        {
            return (new ValidCreateRequest(name, description, spec, null, new Dictionary<string, JsonElement>(StringComparer.Ordinal)), null);
        }

        if (root["auth"] is not JsonObject auth) return Fail(FlowError.MissingField("auth"));
        var (specName, specNameError) = JsonFields.OptionalString(auth, "specName", "auth.specName");
        if (specNameError is not null) return Fail(specNameError);
        if (string.IsNullOrEmpty(specName)) return Fail(FlowError.MissingField("auth.specName"));
        var authSpec = spec.FindAuthSpec(specName);
        if (authSpec is null)
        {
            return Fail(FlowError.BadRequest(1415,
                $"The auth spec '{specName}' could not be found for the connection spec ID {spec.Id}. " +
                (spec.TakesNoAuth ? "This connection spec takes no auth: leave 'auth' out."
                    : $"Known auth specs: {string.Join(", ", spec.AuthSpecs.Select(a => $"'{a.Name}'"))}.")));
        }

        if (auth["params"] is null) return Fail(FlowError.MissingField("auth.params"));
        if (auth["params"] is not JsonObject paramsObject) return Fail(FlowError.InvalidField("auth.params", "expected an object"));
        var parameters = ToElements(paramsObject);
        var paramsError = AuthParamsValidator.Validate(authSpec, parameters);
        if (paramsError is not null) return Fail(paramsError);

        return (new ValidCreateRequest(name, description, spec, authSpec, parameters), null);
    }

    /// <summary>Detached copies of the values, safe to keep after the request.</summary>
    public static IReadOnlyDictionary<string, JsonElement> ToElements(JsonObject obj) =>
        obj.ToDictionary(p => p.Key, p => p.Value is null ? JsonSerializer.SerializeToElement<object?>(null) : JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal);

    private static (ValidCreateRequest?, FlowError?) Fail(FlowError error) => (null, error);

    /// <summary>The connection spec a body's <c>connectionSpec {id, version}</c> names (reference §1.3): missing →
    /// 1304, unknown id or version → 1413. An omitted version means the latest (sources OAS); the catalog has one.</summary>
    public static (CatalogSource? Spec, FlowError? Error) ResolveSpec(JsonObject root, ConnectionSpecCatalog catalog)
    {
            if (root["connectionSpec"] is not JsonObject specRef) return (null, FlowError.MissingField("connectionSpec"));
            var (specId, specIdError) = JsonFields.OptionalString(specRef, "id", "connectionSpec.id");
            if (specIdError is not null) return (null, specIdError);
            if (string.IsNullOrEmpty(specId)) return (null, FlowError.MissingField("connectionSpec.id"));
            var spec = catalog.FindById(specId);
            if (spec is null) return (null, FlowError.BadRequest(1413, $"The spec ID provided is invalid: connection spec '{specId}' was not found."));
            var (version, versionError) = JsonFields.OptionalString(specRef, "version", "connectionSpec.version");
            if (versionError is not null) return (null, versionError);
            // Omitted version = latest (sources OAS). The catalog has one version per spec.
            if (version is not null && version != spec.Version)
            {
                return (null, FlowError.BadRequest(1413, $"The spec ID provided is invalid: connection spec '{specId}' has no version '{version}' (available: {spec.Version})."));
            }
        return (spec, null);
    }
}
