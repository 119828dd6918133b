using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Connections;
using Provisioner.Core.Reconciliation;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Definitions;

/// <summary>What loading a definitions file produced: the desired set, or every error (never both).</summary>
public sealed record DefinitionsResult(DesiredConnectionSet? Desired, IReadOnlyList<DefinitionError> Errors)
{
    public bool Succeeded => Errors.Count == 0 && Desired is not null;

    /// <summary>The set, or a <see cref="DefinitionsException"/> carrying all errors.</summary>
    public DesiredConnectionSet GetDesiredOrThrow() => Succeeded ? Desired! : throw new DefinitionsException(Errors);
}

/// <summary>
/// Checks parsed definitions against their connection specs and resolves secret references: unknown source alias
/// or spec id, unknown auth spec name, unknown/missing params, wrong param types, plaintext secrets, unresolved
/// secret references. Reads specs only; it never writes to the service.
/// </summary>
public static class DefinitionsResolver
{
    /// <summary>Parses and resolves in one go; the usual entry point for hosts.</summary>
    public static async Task<DefinitionsResult> LoadAsync(string text, string file, IConnectionSpecCatalog catalog, ISecretSource? secrets,
        CancellationToken cancellationToken = default) =>
        await ResolveAsync(DefinitionsParser.Parse(text, file), catalog, secrets, cancellationToken).ConfigureAwait(false);

    /// <param name="secrets"><c>null</c> skips secret resolution (lint without secrets); the set then carries no values
    /// for referenced params and is not for applying, so <see cref="DefinitionsResult.Desired"/> is <c>null</c>.</param>
    public static async Task<DefinitionsResult> ResolveAsync(DefinitionsParseResult parsed, IConnectionSpecCatalog catalog, ISecretSource? secrets,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new List<DefinitionError>(parsed.Errors);
        var specs = await FetchSpecsAsync(parsed.Document.Connections, catalog, errors, cancellationToken).ConfigureAwait(false);

        var entries = new List<DesiredEntry>();
        foreach (var definition in parsed.Document.Connections)
        {
            var specId = SpecIdOf(definition, catalog);
            if (specId is null || !specs.TryGetValue(specId, out var spec) || spec is null)
            {
                continue; // reported by FetchSpecsAsync
            }
            var entry = Resolve(definition, spec, secrets, errors);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }
        var sorted = errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToArray();
        return sorted.Length > 0 || secrets is null
            ? new DefinitionsResult(null, sorted)
            : new DefinitionsResult(DesiredConnectionSet.From(entries), []);
    }

    private static string? SpecIdOf(ConnectionDefinition definition, IConnectionSpecCatalog catalog) =>
        definition.Source is { } alias ? catalog.ResolveSourceAlias(alias) : definition.ConnectionSpecId;

    // One read per distinct spec, in parallel: against the live service this is the slow part of validation.
    private static async Task<Dictionary<string, ConnectionSpec?>> FetchSpecsAsync(IReadOnlyList<ConnectionDefinition> definitions,
        IConnectionSpecCatalog catalog, List<DefinitionError> errors, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in definitions)
        {
            var id = SpecIdOf(definition, catalog);
            if (id is null)
            {
                var known = catalog.SourceAliases.Order(StringComparer.Ordinal).ToArray();
                errors.Add(new DefinitionError(definition.SpecLocation,
                    $"unknown source alias '{definition.Source}'" + (known.Length > 0 ? $"; known aliases: {string.Join(", ", known)}" : "")
                    + " (or give connectionSpec: { id, version })"));
                continue;
            }
            ids.Add(id);
        }
        var fetched = await Task.WhenAll(ids.Select(async id =>
        {
            try
            {
                return (id, spec: await catalog.GetConnectionSpecAsync(id, cancellationToken).ConfigureAwait(false), failure: (string?)null);
            }
            // Refused credentials or an outage are not this definition's fault: they propagate, so a host reports
            // them once instead of once per definition.
            catch (FlowServiceException e) when (!e.IsAuthenticationFailure && !e.IsServiceUnavailable)
            {
                return (id, spec: (ConnectionSpec?)null, failure: e.Message);
            }
        })).ConfigureAwait(false);

        var specs = new Dictionary<string, ConnectionSpec?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, spec, failure) in fetched)
        {
            specs[id] = spec;
            foreach (var definition in definitions.Where(d => string.Equals(SpecIdOf(d, catalog), id, StringComparison.OrdinalIgnoreCase)))
            {
                if (failure is not null)
                {
                    errors.Add(new DefinitionError(definition.SpecLocation, $"could not read connection spec '{id}': {failure}"));
                }
                else if (spec is null)
                {
                    errors.Add(new DefinitionError(definition.SpecLocation, definition.Source is null
                        ? $"unknown connection spec id '{id}'"
                        : $"source alias '{definition.Source}' maps to connection spec '{id}', which the service does not know"));
                }
            }
        }
        return specs;
    }

    private static DesiredEntry? Resolve(ConnectionDefinition definition, ConnectionSpec spec, ISecretSource? secrets, List<DefinitionError> errors)
    {
        var authSpec = spec.FindAuthSpec(definition.AuthSpecName);
        if (authSpec is null)
        {
            errors.Add(new DefinitionError(definition.AuthSpecNameLocation,
                $"unknown auth spec '{definition.AuthSpecName}' for {spec.Name} ({spec.Id}); available: "
                + string.Join(", ", spec.AuthSpecs.Select(a => $"'{a.Name}'"))));
            return null;
        }

        var errorsBefore = errors.Count;
        var declared = authSpec.DeclaredParams;
        var specSecrets = authSpec.SecretParams.ToHashSet(StringComparer.Ordinal);
        var secretParams = new HashSet<string>(specSecrets, StringComparer.Ordinal);
        var values = new JsonObject();
        foreach (var param in definition.Params)
        {
            if (declared.Count > 0 && !declared.Contains(param.Name))
            {
                errors.Add(new DefinitionError(param.Location,
                    $"unknown param '{param.Name}' for auth spec '{authSpec.Name}'; declared: {string.Join(", ", declared)}"));
                continue;
            }
            if (param.SecretName is { } secretName)
            {
                secretParams.Add(param.Name);
                if (secrets is null)
                {
                    continue;
                }
                if (secrets.TryGetSecret(secretName, out var secret))
                {
                    values[param.Name] = secret;
                }
                else
                {
                    errors.Add(new DefinitionError(param.Location, $"secret '{secretName}' is not set: {secrets.DescribeMissing(secretName)}"));
                }
                continue;
            }
            if (specSecrets.Contains(param.Name))
            {
                // Never quote the value: it is the secret that should not be in the file.
                errors.Add(new DefinitionError(param.Location,
                    $"'{param.Name}' is a secret (format: password) and must not be written in plain text; use {{ secret: NAME }} and supply the value separately"));
                continue;
            }
            if (TypeMismatch(authSpec, param) is { } problem)
            {
                errors.Add(new DefinitionError(param.Location, problem));
                continue;
            }
            values[param.Name] = param.Literal?.DeepClone();
        }
        foreach (var required in authSpec.RequiredParams.Where(r => definition.Params.All(p => p.Name != r)))
        {
            errors.Add(new DefinitionError(definition.ParamsLocation, $"missing required param '{required}' of auth spec '{authSpec.Name}'"));
        }
        if (errors.Count > errorsBefore)
        {
            return null;
        }
        var version = definition.ConnectionSpecVersion ?? spec.Version ?? "1.0";
        var desired = new DesiredConnection(definition.Name, definition.Description, new ConnectionSpecRef(spec.Id, version), authSpec.Name, values);
        return new DesiredEntry(definition.Key, desired, secretParams);
    }

    // Only the JSON types are checked here; patterns and formats are the service's business.
    private static string? TypeMismatch(AuthSpec authSpec, ParamDefinition param)
    {
        var allowed = DeclaredTypes(authSpec, param.Name);
        var actual = param.Literal?.GetValueKind();
        if (allowed.Length == 0 || allowed.Any(type => Matches(type, param.Literal, actual)))
        {
            return null;
        }
        return $"param '{param.Name}' must be of type {string.Join(" or ", allowed)}, found {Describe(actual)}" + (allowed.Contains("string") ? " (quote it)" : "");
    }

    /// <summary>The JSON types a param's schema allows. JSON Schema lets <c>type</c> be one name or a list of names
    /// (specs from the service use <c>["string", "null"]</c>); any other shape, or a name this check does not know,
    /// means "not checked here" — never an exception.</summary>
    private static string[] DeclaredTypes(AuthSpec authSpec, string name)
    {
        var type = authSpec.Spec?["properties"] is JsonObject properties && properties[name] is JsonObject property ? property["type"] : null;
        string?[] names = type switch
        {
            JsonValue one when one.TryGetValue<string>(out var single) => [single],
            JsonArray many => many.Select(t => t is JsonValue v && v.TryGetValue<string>(out var n) ? n : null).ToArray(),
            _ => [],
        };
        return names.All(n => n is "string" or "integer" or "number" or "boolean" or "null") ? names.Select(n => n!).ToArray() : [];
    }

    private static bool Matches(string type, JsonNode? literal, JsonValueKind? actual) => type switch
    {
        "string" => actual == JsonValueKind.String,
        "integer" => actual == JsonValueKind.Number && literal!.AsValue().TryGetValue<long>(out _),
        "number" => actual == JsonValueKind.Number,
        "boolean" => actual is JsonValueKind.True or JsonValueKind.False,
        "null" => actual is null or JsonValueKind.Null,
        _ => true,
    };

    private static string Describe(JsonValueKind? kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "a map",
        JsonValueKind.Array => "a list",
        _ => "nothing",
    };
}
