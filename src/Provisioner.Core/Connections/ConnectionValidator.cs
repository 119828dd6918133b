using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;
using Provisioner.Core.Definitions;

namespace Provisioner.Core.Connections;

/// <summary>One auth param as a host has it before validation.</summary>
/// <param name="Value">The value to check against the spec; <c>null</c> when it is not checked (a secret reference, a
/// value not known yet during a preview).</param>
/// <param name="IsSecret">The user marked it secret (a <c>{ secret: NAME }</c> reference, a Pulumi secret): a param
/// the spec marks <c>format: password</c> must be one.</param>
public sealed record ParamToValidate(string Name, JsonNode? Value, bool IsSecret);

/// <summary>What a problem is about, so each host can point at its own place (a YAML line, a property path).</summary>
public enum ProblemSubject
{
    /// <summary>The connection spec id (or the source alias that names it).</summary>
    ConnectionSpec,
    /// <summary>The auth spec name (<c>auth.specName</c>).</summary>
    AuthSpecName,
    /// <summary>One param (<see cref="ConnectionProblem.Param"/>).</summary>
    Param,
    /// <summary>The params as a whole (a missing required param).</summary>
    Params,
}

/// <summary>One way a desired connection does not fit its connection spec. Messages never quote a param value.</summary>
public sealed record ConnectionProblem(ProblemSubject Subject, string? Param, string Message);

/// <summary>
/// The one check of a desired connection against its connection spec, shared by the definitions file (CLI and
/// <c>BaseConnectionSet</c>) and the single <c>BaseConnection</c>: the auth spec exists, every param is declared,
/// required params are present, secrets are not written in plain text, and each value satisfies the param's JSON
/// Schema (type, pattern, enum, …) as evaluated by JsonSchema.Net — not by hand.
/// </summary>
public static class ConnectionValidator
{
    // Specs are few and immutable once fetched: build each param schema once.
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    /// <summary>The live check of one connection: fetches its spec from <paramref name="catalog"/>, then
    /// <see cref="Validate"/>. Refused credentials and outages propagate as <see cref="FlowServiceException"/>.
    /// A spec the catalog does not know is a problem, unless <paramref name="acceptUnknownSpec"/>
    /// (an offline catalog, which may lag the service): then there is nothing to check here, and the result is empty.</summary>
    public static async Task<IReadOnlyList<ConnectionProblem>> ValidateAsync(IConnectionSpecCatalog catalog, string specId, string? authSpecName,
        IReadOnlyList<ParamToValidate> parameters, bool acceptUnknownSpec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ConnectionSpec? spec;
        try
        {
            spec = await catalog.GetConnectionSpecAsync(specId, cancellationToken).ConfigureAwait(false);
        }
        // Refused credentials or an outage are not this connection's fault: they propagate, as in the resolver.
        catch (FlowServiceException error) when (!error.IsAuthenticationFailure && !error.IsServiceUnavailable)
        {
            return [new ConnectionProblem(ProblemSubject.ConnectionSpec, null, SpecUnreadable(specId, error))];
        }
        return spec is not null ? Validate(spec, authSpecName, parameters)
            : acceptUnknownSpec ? []
            : [new ConnectionProblem(ProblemSubject.ConnectionSpec, null, UnknownSpec(specId))];
    }

    /// <summary>"unknown connection spec id …": the service (or the catalog) has no spec of this id.</summary>
    public static string UnknownSpec(string specId) => $"unknown connection spec id '{specId}'";

    /// <summary>The spec could not be read (network, auth, service error): nothing was checked and nothing written.</summary>
    public static string SpecUnreadable(string specId, FlowServiceException error) =>
        $"could not read connection spec '{specId}': {error.Message}";

    /// <summary>The note an offline check gives for a spec its embedded catalog does not know.</summary>
    public static string UncheckedSpec(string specId) =>
        $"connection spec '{specId}' is not in the embedded catalog; it is checked against the service when applying, before any write";

    /// <param name="authSpecName">The auth spec asked for; <c>null</c> when the connection has no <c>auth</c>, which only a
    /// spec that takes none (Data Landing Zone) allows.</param>
    public static IReadOnlyList<ConnectionProblem> Validate(ConnectionSpec spec, string? authSpecName, IReadOnlyList<ParamToValidate> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        if (spec.AuthSpecs.Count == 0)
        {
            return authSpecName is null && parameters.Count == 0 ? []
                : [new ConnectionProblem(ProblemSubject.AuthSpecName, null, $"{spec.Name} ({spec.Id}) takes no auth; remove 'auth'")];
        }
        if (authSpecName is null)
        {
            return [new ConnectionProblem(ProblemSubject.AuthSpecName, null,
                $"missing 'auth': {spec.Name} ({spec.Id}) needs one of its auth specs: " + string.Join(", ", spec.AuthSpecs.Select(a => $"'{a.Name}'")))];
        }
        var authSpec = spec.FindAuthSpec(authSpecName);
        if (authSpec is null)
        {
            return [new ConnectionProblem(ProblemSubject.AuthSpecName, null,
                $"unknown auth spec '{authSpecName}' for {spec.Name} ({spec.Id}); available: " + string.Join(", ", spec.AuthSpecs.Select(a => $"'{a.Name}'")))];
        }
        var problems = new List<ConnectionProblem>();
        var declared = authSpec.DeclaredParams;
        var secrets = authSpec.SecretParams.ToHashSet(StringComparer.Ordinal);
        foreach (var param in parameters)
        {
            if (declared.Count > 0 && !declared.Contains(param.Name))
            {
                problems.Add(new ConnectionProblem(ProblemSubject.Param, param.Name,
                    $"unknown param '{param.Name}' for auth spec '{authSpec.Name}'; declared: {string.Join(", ", declared)}"));
            }
            else if (secrets.Contains(param.Name) && !param.IsSecret)
            {
                // Never quote the value: it is the secret that should not be in plain text.
                problems.Add(new ConnectionProblem(ProblemSubject.Param, param.Name,
                    $"'{param.Name}' is a secret (format: password) and must not be written in plain text; use {{ secret: NAME }} and supply the value separately"));
            }
            else if (param.Value is not null && SchemaProblem(spec, authSpec, param) is { } problem)
            {
                problems.Add(new ConnectionProblem(ProblemSubject.Param, param.Name, problem));
            }
        }
        foreach (var required in authSpec.RequiredParams.Where(r => parameters.All(p => p.Name != r)))
        {
            problems.Add(new ConnectionProblem(ProblemSubject.Params, required, $"missing required param '{required}' of auth spec '{authSpec.Name}'"));
        }
        return problems;
    }

    private static string? SchemaProblem(ConnectionSpec spec, AuthSpec authSpec, ParamToValidate param)
    {
        if (authSpec.Spec?["properties"] is not JsonObject properties || properties[param.Name] is not JsonObject property)
        {
            return null;
        }
        EvaluationResults result;
        try
        {
            var schema = Schemas.GetOrAdd($"{spec.Id}\n{spec.Version}\n{authSpec.Name}\n{param.Name}\n{property.ToJsonString()}",
                static (_, text) => JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }), property.ToJsonString());
            using var instance = JsonDocument.Parse(param.Value!.ToJsonString());
            // Evaluation can fail too: a "$ref" that points nowhere is only resolved here.
            result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }
        catch (Exception error) when (error is JsonException or JsonSchemaException or RefResolutionException or ArgumentException or InvalidOperationException)
        {
            return null; // a schema this library cannot read is the service's to enforce, never a crash here
        }
        if (result.IsValid)
        {
            return null;
        }
        // Stryker disable once Linq,NullCoalescing : in List output the root carries no errors of its own and Details is never null;
        // the root is included only so that another output format could not lose a keyword
        var failed = (result.Details ?? []).Prepend(result).SelectMany(d => d.Errors?.Keys ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal).ToArray();
        // The specific wordings quote the param's own "type" or "enum"; a keyword that failed inside a nested subschema
        // (allOf, anyOf, …) is only named, never quoted from a place that does not hold it.
        return failed.Contains("type") && property["type"] is { } type ? TypeMessage(param.Name, type, param.Value!.GetValueKind())
            : failed.Contains("enum") && property["enum"] is { } values ? $"param '{param.Name}' must be one of {values.ToJsonString()}"
            : failed.Contains("pattern") ? $"param '{param.Name}' does not match the pattern the connection spec requires"
            : $"param '{param.Name}' does not satisfy the connection spec ({string.Join(", ", failed.DefaultIfEmpty("schema"))})";
    }

    private static string TypeMessage(string name, JsonNode type, JsonValueKind actual)
    {
        var allowed = type switch
        {
            JsonValue one => [one.ToString()],
            // Stryker disable once String : a null inside "type" makes JsonSchema.Net refuse the schema, which is then not checked here
            JsonArray many => many.Select(t => t?.ToString() ?? "null").ToArray(),
            _ => Array.Empty<string>(),
        };
        return $"param '{name}' must be of type {string.Join(" or ", allowed)}, found {Describe(actual)}" + (allowed.Contains("string") ? " (quote it)" : "");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "a map",
        JsonValueKind.Array => "a list",
        // Stryker disable once String : unreachable: a param without a value (null) is never checked against its schema
        _ => "nothing",
    };
}
